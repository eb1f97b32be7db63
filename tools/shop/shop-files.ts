// Making a working copy of examples/shop the way a user would have it: its sources, the packed
// @tagdeploy tarballs installed, a git history and a bare remote. Used by the demo and the e2e tests
// (the e2e-turbo suite copies examples/turbo-shop with the same helpers).
import { cpSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, join, relative } from 'node:path';
import { packTarballs, repoRoot } from '../pack/pack-tarballs';

export { repoRoot };

const shopRoot = join(repoRoot, 'examples', 'shop');
export const turboShopRoot = join(repoRoot, 'examples', 'turbo-shop');
const skipped = new Set(['node_modules', 'dist', '.nx', '.turbo', '.tagdeploy', 'package-lock.json']);

/** Copies an example's sources (never its node_modules, outputs or caches) to a folder: examples/shop unless `from` names another. */
export function copyShopSources(to: string, from = shopRoot): void {
  cpSync(from, to, {
    recursive: true,
    filter: (source) => !relative(from, source).split(/[\\/]/).some((part) => skipped.has(part)),
  });
}

/** Packs @tagdeploy/core and @tagdeploy/nx (already built) into a folder, as `npm run pack` does; returns the tarballs. */
export function packTagdeploy(into: string): string[] {
  return packTarballs(into, ['core', 'nx']);
}

/** Installs the shop's dependencies and the given tarballs, as `npm install <tarballs>` would for a user. */
export function installShop(dir: string, tarballs: string[]): void {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Makes the folder a git repo on main with one commit, pushed to a new bare remote. */
export function initShopRepo(dir: string, remote: string): void {
  const git = (args: string[], cwd = dir) => execFileSync('git', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  git(['init', '-q', '-b', 'main']);
  const config = { 'user.name': 'Test Lead', 'user.email': 'lead@example.com', 'commit.gpgsign': 'false', 'tag.gpgsign': 'false', 'gc.auto': '0' };
  for (const [key, value] of Object.entries(config)) git(['config', key, value]);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'chore: initial shop']);
  git(['init', '-q', '--bare', remote], dir);
  git(['remote', 'add', 'origin', remote]);
  git(['push', '-q', 'origin', 'main']);
}

export const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

export function nxBin(installedShop: string): string {
  return join(installedShop, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
}

/** The pinned pnpm (a root devDependency), run with node: the version examples/turbo-shop's packageManager names. */
export const pnpmBin = join(repoRoot, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

// turbo runs each task through the package manager it finds on PATH: put the pinned pnpm first.
export const turboEnv = {
  PATH: [join(repoRoot, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(delimiter),
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  DO_NOT_TRACK: '1',
  FORCE_COLOR: '0',
};
