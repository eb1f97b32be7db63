// Shared Vite settings for the shop's apps and services.
// `@shop/*` resolves to library *source* in this workspace copy (never through node_modules),
// so a copy of the shop that shares a symlinked node_modules still builds its own sources.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// %TAGDEPLOY_VERSION% in index.html and import.meta.env.TAGDEPLOY_VERSION need a value even
// outside a release build. Vite reads process.env after loading the config, so set it here.
export const version = (process.env.TAGDEPLOY_VERSION ||= '0.0.0-dev');

/**
 * @param {{ name: string, projectRoot: string }} opts
 *   name: the Nx project name; projectRoot: path from the workspace root (e.g. "apps/checkout").
 * @returns {import('vite').UserConfig}
 */
export function shopConfig({ name, projectRoot }) {
  return {
    root: path.join(workspaceRoot, projectRoot),
    // Assets live under /r/<version>/ (the router serves every sealed release there), so the
    // index.html of version X keeps loading X's chunks after the env switches to Y.
    base: `/r/${version}/`,
    envPrefix: ['VITE_', 'TAGDEPLOY_'],
    cacheDir: path.join(workspaceRoot, '.nx/vite-cache', name),
    resolve: {
      alias: {
        '@shop/ui': path.join(workspaceRoot, 'packages/ui/src/index.ts'),
        '@shop/utils': path.join(workspaceRoot, 'packages/utils/src/index.ts'),
        '@shop/sdk': path.join(workspaceRoot, 'packages/sdk/src/index.ts'),
      },
    },
    build: {
      outDir: path.join(workspaceRoot, 'dist', projectRoot),
      emptyOutDir: true,
    },
  };
}
