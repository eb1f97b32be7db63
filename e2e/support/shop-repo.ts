// What every shop copy offers a test about its git repo, its files and its store, whichever
// host it is for (examples/shop under Nx, examples/turbo-shop under the CLI).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ObjectStore } from '../../packages/core/src/store/object-store';

export interface ShopRepo {
  dir: string;
  remote: string;
  store: ObjectStore;
  git(args: string[]): string;
  write(path: string, content: string): void;
  read(path: string): string;
  /** Writes, adds and commits one file; returns the new HEAD. */
  commit(path: string, content: string, message: string): string;
  localTags(): string[];
  remoteTags(): string[];
  /** Every object of the store, sorted. */
  storeFiles(): Promise<string[]>;
  cleanup(): void;
}

/** `base` is the temp folder holding the copy and its remote: cleanup removes it. */
export function shopRepo(dir: string, remote: string, store: ObjectStore, base: string): ShopRepo {
  const git = (args: string[], cwd = dir) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  return {
    dir,
    remote,
    store,
    git: (args) => git(args),
    write,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    commit(path, content, message) {
      write(path, content);
      git(['add', path]);
      git(['commit', '-q', '-m', message]);
      return git(['rev-parse', 'HEAD']);
    },
    localTags: () => git(['tag', '-l']).split('\n').filter(Boolean).sort(),
    remoteTags: () => git(['tag', '-l'], remote).split('\n').filter(Boolean).sort(),
    storeFiles: () => store.list(''),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}
