// The registry an npm product is published to: "registry" in its tagdeploy.json, else the
// package's publishConfig.registry, else the user's npm configuration (the package scope's
// registry first, as npm itself would choose). Only the URL is read, never an auth setting.
import { runNpm } from './run-npm';
import type { NpmPackage } from './read-npm-package';

export async function resolveNpmRegistry(pkg: NpmPackage, configured: string | undefined, workspaceRoot: string): Promise<string> {
  const publishConfig = pkg.manifest.publishConfig as { registry?: unknown } | undefined;
  const own = configured ?? (typeof publishConfig?.registry === 'string' ? publishConfig.registry : undefined);
  if (own) return withSlash(own);
  const scope = pkg.name.startsWith('@') ? pkg.name.slice(0, pkg.name.indexOf('/')) : null;
  for (const key of [...(scope ? [`${scope}:registry`] : []), 'registry']) {
    const run = await runNpm(['config', 'get', key], { cwd: workspaceRoot });
    const value = run.stdout.trim();
    if (run.code === 0 && value !== '' && value !== 'undefined' && value !== 'null') return withSlash(value);
  }
  return 'https://registry.npmjs.org/';
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
