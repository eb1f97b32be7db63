// Shared Vite settings for the turbo-shop's apps and services. `ui` and `utils` are ordinary
// workspace packages, resolved through each package's node_modules to their built dist/
// (turbo builds them first: `dependsOn: ["^build"]`).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// %TAGDEPLOY_VERSION% in index.html and import.meta.env.TAGDEPLOY_VERSION need a value even
// outside a release build. Vite reads process.env after loading the config, so set it here.
export const version = (process.env.TAGDEPLOY_VERSION ||= '0.0.0-dev');

/**
 * @param {{ projectRoot: string }} opts  path of the package from the workspace root (e.g. "apps/checkout").
 * @returns {import('vite').UserConfig}
 */
export function shopConfig({ projectRoot }) {
  const root = path.join(workspaceRoot, projectRoot);
  return {
    root,
    // Assets live under /r/<version>/ (the router serves every sealed release there), so the
    // index.html of version X keeps loading X's chunks after the env switches to Y.
    base: `/r/${version}/`,
    envPrefix: ['VITE_', 'TAGDEPLOY_'],
    // In the package's own node_modules, never the root one (copies of this workspace may share it).
    cacheDir: path.join(root, 'node_modules/.vite'),
    build: {
      outDir: path.join(root, 'dist'),
      emptyOutDir: true,
    },
  };
}
