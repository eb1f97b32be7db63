// The workspace's own turbo (node_modules/.bin, else PATH), so that the graph and the builds come
// from the version the workspace pins.
import { TagdeployError } from '@tagdeploy/core';
import type { PackageManager } from './detect-workspace';
import { resolveWorkspaceBin } from './resolve-workspace-bin';

const installTurbo: Record<PackageManager, string> = {
  npm: 'npm install --save-dev turbo',
  pnpm: 'pnpm add --save-dev --workspace-root turbo',
  yarn: 'yarn add --dev --ignore-workspace-root-check turbo',
};

export function resolveTurboBin(root: string, packageManager: PackageManager, env: NodeJS.ProcessEnv = process.env): string {
  const turbo = resolveWorkspaceBin(root, 'turbo', env);
  if (turbo) return turbo;
  throw new TagdeployError(
    'TURBO_MISSING',
    `turbo is not installed in ${root} (no node_modules/.bin/turbo, none on PATH). Run "${packageManager} install" if turbo is in package.json, or add it with "${installTurbo[packageManager]}", then run tagdeploy again.`,
  );
}

/** Turbo's environment for our runs: no telemetry. */
export function turboEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, TURBO_TELEMETRY_DISABLED: '1' };
}
