// A fresh temp copy of examples/turbo-shop (Turborepo + pnpm) with its own git history and bare
// remote. Its node_modules folders are hard-linked from the template installed once in
// global-setup-turbo: pnpm's links are relative, so they resolve inside the copy.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { resolveStore } from '../../packages/core/src/store/resolve-store';
import { copyShopSources, initShopRepo, repoRoot, turboEnv, turboShopRoot } from '../../tools/shop/shop-files';
import type { RunResult } from './shop';
import { shopRepo, type ShopRepo } from './shop-repo';

/** Its store is the file store of tagdeploy.config.json (.tagdeploy/store). */
export interface TurboShop extends ShopRepo {
  /** Runs this repository's tagdeploy CLI (built by `npm run build`) in the copy. */
  tagdeploy(args: string[], env?: Record<string, string>): RunResult;
  /** Runs the copy's own turbo (the example's pinned devDependency). */
  turbo(args: string[], env?: Record<string, string>): RunResult;
}

const cliBin = join(repoRoot, 'packages', 'cli', 'bin', 'tagdeploy.js');

export async function createTurboShop(): Promise<TurboShop> {
  const template = inject('turboShopTemplate');
  const base = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-turbo-'));
  const dir = join(base, 'turbo-shop');
  const remote = join(base, 'remote.git');
  copyShopSources(dir, turboShopRoot);
  for (const modules of findModuleFolders(template)) linkTree(join(template, modules), join(dir, modules));
  initShopRepo(dir, remote);

  const run = (bin: string, args: string[], env: Record<string, string>): RunResult => {
    const result = spawnSync(process.execPath, [bin, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...turboEnv, ...env },
      timeout: 180_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
  };
  const store = resolveStore(JSON.parse(readFileSync(join(dir, 'tagdeploy.config.json'), 'utf8')).store, dir);

  const shop: TurboShop = {
    ...shopRepo(dir, remote, store, base),
    tagdeploy(args, env = {}) {
      if (!existsSync(join(repoRoot, 'packages', 'cli', 'dist', 'main.js'))) throw new Error('packages/cli/dist is missing: run "npm run build" first.');
      return run(cliBin, args, env);
    },
    turbo: (args, env = {}) => run(join(dir, 'node_modules', 'turbo', 'bin', 'turbo'), args, env),
  };
  return shop;
}

/** The node_modules folders of an installed workspace (the root's and each package's), relative to it. */
function findModuleFolders(root: string, under = ''): string[] {
  return readdirSync(join(root, under), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== '.git')
    .flatMap((entry) => (entry.name === 'node_modules' ? [join(under, entry.name)] : findModuleFolders(root, join(under, entry.name))));
}

/**
 * Recreates a folder tree with hard links to its files and the same (relative) symlinks: a few
 * tens of milliseconds for the template's ~700 entries, against a second for `pnpm install --offline`.
 */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else linkSync(source, target);
  }
}
