// The nx CLI that this repository installs, and the environment every benchmark runs it with
// (no daemon, no cloud, no terminal UI), so that each run starts the way a CI job does.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './generate-monorepo';

export const nxEnv: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

let resolvedNxBin: string | undefined;

/** nx's CLI entry, from the nx that this repository installs (its package.json "bin"). */
export function nxBin(): string {
  if (resolvedNxBin) return resolvedNxBin;
  const manifest = require.resolve('nx/package.json', { paths: [repoRoot] });
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { nx: string } }).bin.nx;
  resolvedNxBin = join(dirname(manifest), bin);
  return resolvedNxBin;
}
