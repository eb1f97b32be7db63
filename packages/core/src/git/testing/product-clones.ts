// A product with real releases, for tests of what a release reads from git and from the remote:
// an upstream work tree that releases checkout through releaseProduct (real git, a bare remote
// on file://, a FileStore shared by every clone, like a bucket), and clones of that remote
// (shallow, without tags, stale) that plan and release against it.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Host } from '../../commands/host';
import { releaseProduct, type ReleaseProductRequest } from '../../commands/release-product';
import { testSpelling } from '../../commands/testing/cli-spelling';
import { silentReporter } from '../../release/ports';
import type { Workspace } from '../../workspace/workspace';
import { cloneTempRepo, commitFile, createBareRemote, createTempRepo, openTempRepo, type TempRepo } from './git-fixture';

export interface ProductClones {
  /** The work tree that made the releases; its origin is `remote`. */
  upstream: TempRepo;
  remote: TempRepo;
  storeDir: string;
  /** What releases reported on stderr (the plan, progress), in order. */
  messages: string[];
  /** A clone of the remote (`git clone <options>`), removed with the rest. */
  clone(options?: string[]): TempRepo;
  /** Runs releaseProduct for checkout in a work tree (the upstream by default). */
  release(request?: Partial<ReleaseProductRequest>, repo?: TempRepo): ReturnType<typeof releaseProduct>;
  /** The host the releases run with, for other commands (its builder writes dist/apps/checkout). */
  host(repo?: TempRepo): Host;
  /** Commits a change of checkout in a work tree; upstream also pushes it to the remote's main. */
  change(repo: TempRepo, message: string, file?: string): string;
  /** Everything a release could change: tags here and on the remote, the store's files, HEAD. */
  state(repo: TempRepo): { localTags: string; remoteTags: string; store: string[]; head: string };
  cleanup(): void;
}

const projects: Workspace['projects'] = {
  checkout: { name: 'checkout', root: 'apps/checkout', dependencies: ['ui'], targets: ['build'] },
  ui: { name: 'ui', root: 'packages/ui', dependencies: [], targets: ['build'] },
};

/**
 * Upstream has released checkout 0.1.0 (feat) and 0.1.1 (fix), both pushed and sealed. The two
 * releases are made once per test file and copied for each test.
 */
export async function createProductClones(): Promise<ProductClones> {
  template ??= makeTemplate();
  const base = mkdtempSync(join(tmpdir(), 'tagdeploy-product-'));
  cpSync(await template, base, { recursive: true });
  const upstream = openTempRepo(join(base, 'upstream'));
  const remote = openTempRepo(join(base, 'remote.git'));
  upstream.git('remote', 'set-url', 'origin', remote.dir);
  return productClones(upstream, remote, join(base, 'store'), () => rmSync(base, { recursive: true, force: true }));
}

let template: Promise<string> | undefined;
// Every change writes a new file, in the template and in each test's copy of it.
let n = 0;

async function makeTemplate(): Promise<string> {
  const base = mkdtempSync(join(tmpdir(), 'tagdeploy-product-template-'));
  process.once('exit', () => rmSync(base, { recursive: true, force: true }));
  const upstream = createTempRepo();
  const remote = createBareRemote(upstream);
  const clones = productClones(upstream, remote, join(base, 'store'), () => undefined);
  commitFile(upstream, '.gitignore', 'dist/\n', 'chore: ignore build output');
  commitFile(upstream, 'apps/checkout/tagdeploy.json', JSON.stringify({ kind: 'static', buildTarget: 'build', outputPath: 'dist/apps/checkout' }), 'chore: checkout is a product');
  clones.change(upstream, 'feat(checkout): cart');
  await clones.release();
  clones.change(upstream, 'fix(checkout): totals');
  await clones.release();
  renameSync(upstream.dir, join(base, 'upstream'));
  renameSync(remote.dir, join(base, 'remote.git'));
  return base;
}

function productClones(upstream: TempRepo, remote: TempRepo, storeDir: string, cleanup: () => void): ProductClones {
  const made: TempRepo[] = [];
  const messages: string[] = [];
  return {
    upstream,
    remote,
    storeDir,
    messages,
    clone(options = []) {
      const clone = cloneTempRepo(remote, options);
      made.push(clone);
      return clone;
    },
    release: (request = {}, repo = upstream) => releaseProduct({ product: 'checkout', ...request }, hostFor(repo.dir, storeDir, messages)),
    host: (repo = upstream) => hostFor(repo.dir, storeDir, messages),
    change(repo, message, file = `apps/checkout/src/change-${++n}.ts`) {
      const sha = commitFile(repo, file, `export const n = ${n};\n`, message);
      if (repo === upstream) repo.git('push', '-q', 'origin', 'HEAD:main');
      return sha;
    },
    state: (repo) => ({
      localTags: repo.git('tag', '--list'),
      remoteTags: remote.git('tag', '--list'),
      store: listFiles(storeDir),
      head: repo.git('rev-parse', 'HEAD'),
    }),
    cleanup() {
      made.forEach((repo) => repo.cleanup());
      cleanup();
    },
  };
}

function hostFor(root: string, storeDir: string, messages: string[]): Host {
  return {
    workspace: { root, projects },
    settings: { store: `file:${storeDir}` },
    settingsAt: async () => undefined,
    builder: {
      async build({ version }) {
        const file = join(root, 'dist/apps/checkout/index.html');
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `<p>checkout ${version}</p>\n`);
      },
    },
    spelling: testSpelling,
    reporter: () => ({ ...silentReporter, info: (line) => messages.push(line), warn: (line) => messages.push(line) }),
    confirm: () => undefined,
    environment: {},
    clock: { now: () => new Date('2024-05-01T10:00:00Z') },
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}
