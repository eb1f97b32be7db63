// How the CLI benchmarks run tools in a generated workspace: the whole `tagdeploy` process (node
// packages/cli/bin/tagdeploy.js), with this repository's node_modules/.bin on PATH (the pinned
// pnpm that turbo asks for) and telemetry off, as tools/shop sets it up for the e2e tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { turboEnv } from '../../shop/shop-files';
import { runTimed, type TimedRun } from '../measure';
import { repoRoot } from '../plan/generate-monorepo';

/** Every generated workspace's tagdeploy settings (tagdeploy.config.json, or the Nx plugin options). */
export const settings = {
  releaseBranch: 'main',
  store: 'file:.tagdeploy/store',
  environments: {
    staging: { router: { type: 'local' } },
    production: { promoteFrom: 'staging', approval: 'required', router: { type: 'local' } },
  },
};

export const tagdeployBin = join(repoRoot, 'packages/cli/bin/tagdeploy.js');

export const cliEnv: NodeJS.ProcessEnv = { ...process.env, ...turboEnv, TAGDEPLOY_ACTOR: 'bench' };

export function runCli(root: string, args: string[]): Promise<TimedRun> {
  if (!existsSync(join(repoRoot, 'packages/cli/dist/main.js'))) throw new Error('packages/cli/dist is missing: run "npm run build" first.');
  return runTimed(root, process.execPath, [tagdeployBin, ...args], cliEnv);
}

/** The workspace's own turbo, as the CLI resolves it (node_modules/.bin first). */
export function runTurbo(root: string, args: string[]): Promise<TimedRun> {
  return runTimed(root, join(root, 'node_modules/.bin/turbo'), args, cliEnv);
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function log(message: string): void {
  process.stderr.write(`cli: ${message}\n`);
}
