// A fresh temp copy of examples/shop with its own git history and bare remote, sharing the
// installed node_modules of the template made in global-setup. Every test builds its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { inject } from 'vitest';
import { copyShopSources, initShopRepo, nxBin as resolveNxBin, nxEnv } from '../../tools/shop/shop-files';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages whose stream does not matter. */
  output: string;
}

export interface Shop {
  dir: string;
  remote: string;
  nx(args: string[], env?: Record<string, string>): RunResult;
  git(args: string[]): string;
  write(path: string, content: string): void;
  read(path: string): string;
  commit(path: string, content: string, message: string): string;
  localTags(): string[];
  remoteTags(): string[];
  /** Every file of the store, relative to it. */
  storeFiles(): string[];
  storeRoot: string;
  cleanup(): void;
}

export function createShop(): Shop {
  const template = inject('shopTemplate');
  const base = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-'));
  const dir = join(base, 'shop');
  const remote = join(base, 'remote.git');
  copyShopSources(dir);
  symlinkSync(join(template, 'node_modules'), join(dir, 'node_modules'), 'dir');

  initShopRepo(dir, remote);
  const git = (args: string[], cwd = dir) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();

  const storeRoot = join(dir, '.tagdeploy', 'store');
  const nxBin = resolveNxBin(template);
  const shop: Shop = {
    dir,
    remote,
    storeRoot,
    nx(args, env = {}) {
      const result = spawnSync(process.execPath, [nxBin, ...args, '--outputStyle=static'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...nxEnv, ...env },
        timeout: 180_000,
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
    },
    git: (args) => git(args),
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    commit(path, content, message) {
      shop.write(path, content);
      git(['add', path]);
      git(['commit', '-q', '-m', message]);
      return git(['rev-parse', 'HEAD']);
    },
    localTags: () => git(['tag', '-l']).split('\n').filter(Boolean).sort(),
    remoteTags: () => git(['tag', '-l'], remote).split('\n').filter(Boolean).sort(),
    storeFiles: () => (existsSync(storeRoot) ? listFiles(storeRoot).filter((file) => !file.startsWith('.')) : []),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
  return shop;
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path)];
  });
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
