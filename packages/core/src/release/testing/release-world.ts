// Real releases of one static product from several clones of one bare remote into one FileStore
// (like CI runners sharing a bucket): plan with planRelease, apply with applyReleasePlan, through
// the real git and the real store. Each run's build writes files that name the run (its own
// bytes and its own asset name, like a build that embeds a build id), so a test can tell whose
// files the store holds. Hooks let a test act in the middle of a build or of a store write.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ProductConfig } from '../../config/config-schema';
import { parsePluginOptions, parseProductConfig } from '../../config/parse-config';
import { isTagdeployError, type TagdeployError } from '../../errors/tagdeploy-error';
import { GitCli } from '../../git/git-cli';
import type { Git } from '../../git/git-port';
import { cloneTempRepo, commitFile, createBareRemote, createTempRepo, type TempRepo } from '../../git/testing/git-fixture';
import type { ReleasePlan, ReleaseRequest } from '../../plan/release-plan';
import { renderReleaseOutcome } from '../../report/render-release-plan';
import { FileStore } from '../../store/file-store';
import type { ObjectStore } from '../../store/object-store';
import { applyReleasePlan, type ReleaseOutcome } from '../apply-release-plan';
import { planRelease } from '../plan-release';
import { silentReporter } from '../ports';

export interface RunOptions {
  product?: string;
  /** The product's tagdeploy.json (default: static, outputPath dist/apps/checkout). */
  config?: Record<string, unknown>;
  /** The workspace settings besides the store. */
  settings?: Record<string, unknown>;
  request?: Partial<ReleaseRequest>;
  push?: boolean;
  /** Writes the build output instead of the default files (the folder exists and is empty). */
  output?: (dir: string, runId: string) => void;
  /** Runs inside the build, after the output is written: another run can act meanwhile. */
  duringBuild?: () => Promise<void>;
  store?: (store: ObjectStore) => ObjectStore;
  git?: (git: Git) => Git;
  /** The store for this run (default: a FileStore on the shared folder). */
  storeAt?: string;
}

export interface Run {
  runId: string;
  plan?: ReleasePlan;
  outcome?: ReleaseOutcome;
  error?: TagdeployError;
  /** Whether the build ran. */
  built: boolean;
  /** The outcome as a person reads it. */
  text?: string;
}

export interface ReleaseWorld {
  remote: TempRepo;
  storeDir: string;
  clone(): TempRepo;
  /** Commits a change of checkout in `repo` and pushes it to the remote's main. */
  change(repo: TempRepo, message: string): string;
  /** Brings `repo` to the remote's main. */
  pull(repo: TempRepo): void;
  release(repo: TempRepo, options?: RunOptions): Promise<Run>;
  /** Files in the store folder (metadata excluded), sorted. */
  storeFiles(): string[];
  /** Everything a release could change: tags in each repo and on the remote (names and objects), the store's files, each HEAD. */
  state(...repos: TempRepo[]): unknown;
  cleanup(): void;
}

const checkoutConfig = { kind: 'static', buildTarget: 'build', outputPath: 'dist/apps/checkout' };

/** A remote whose main has checkout (one feat commit) and nothing released; clones come from it. */
export function createReleaseWorld(): ReleaseWorld {
  const seed = createTempRepo();
  const remote = createBareRemote(seed);
  const storeDir = mkdtempSync(join(tmpdir(), 'tagdeploy-shared-store-'));
  const repos: TempRepo[] = [seed];
  commitFile(seed, '.gitignore', 'dist/\n', 'chore: ignore build output');
  commitFile(seed, 'apps/checkout/tagdeploy.json', JSON.stringify(checkoutConfig), 'chore: checkout is a product');
  commitFile(seed, 'apps/checkout/src/cart.ts', 'export const cart = 1;\n', 'feat(checkout): cart');
  seed.git('push', '-q', 'origin', 'main');
  let changes = 0;
  return {
    remote,
    storeDir,
    clone() {
      const repo = cloneTempRepo(remote);
      repos.push(repo);
      return repo;
    },
    change(repo, message) {
      const sha = commitFile(repo, `apps/checkout/src/change-${++changes}-${randomBytes(3).toString('hex')}.ts`, `export const n = ${changes};\n`, message);
      repo.git('push', '-q', 'origin', 'HEAD:main');
      return sha;
    },
    pull: (repo) => void repo.git('pull', '-q', '--ff-only', 'origin', 'main'),
    release: (repo, options) => releaseIn(repo, storeDir, options),
    storeFiles: () => listFiles(storeDir),
    state: (...inRepos) => ({
      tags: inRepos.map((repo) => repo.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags')),
      remoteTags: remote.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'),
      store: listFiles(storeDir),
      heads: inRepos.map((repo) => repo.git('rev-parse', 'HEAD')),
    }),
    cleanup() {
      repos.forEach((repo) => repo.cleanup());
      remote.cleanup();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function releaseIn(repo: TempRepo, storeDir: string, options: RunOptions = {}): Promise<Run> {
  const run: Run = { runId: randomBytes(4).toString('hex'), built: false };
  const product = options.product ?? 'checkout';
  const config: ProductConfig = parseProductConfig({ ...checkoutConfig, ...options.config }, 'tagdeploy.json');
  const settings = parsePluginOptions({ store: `file:${storeDir}`, ...options.settings });
  const workspace = { root: repo.dir, projects: { [product]: { name: product, root: 'apps/checkout', dependencies: [], targets: ['build'] } } };
  const folder = new FileStore(options.storeAt ?? storeDir, `file:${options.storeAt ?? storeDir}`);
  const store = options.store ? options.store(folder) : folder;
  const cli = await GitCli.open(repo.dir);
  const git = options.git ? options.git(cli) : cli;
  const output = options.output ?? defaultOutput;
  try {
    run.plan = await planRelease(
      { product, ...options.request },
      { git, store, workspace, products: { [product]: config }, options: settings, today: '2024-05-01' },
    );
    run.outcome = await applyReleasePlan(
      run.plan,
      {
        git,
        store,
        reporter: silentReporter,
        clock: { now: () => new Date('2024-05-01T10:00:00Z') },
        builder: {
          async build() {
            run.built = true;
            const dir = join(repo.dir, config.kind === 'static' ? config.outputPath : 'dist');
            rmSync(dir, { recursive: true, force: true });
            mkdirSync(dir, { recursive: true });
            output(dir, run.runId);
            await options.duringBuild?.();
          },
        },
      },
      { workspace, releaseBranch: 'main', allowBranch: false, push: options.push ?? true, commit: false },
    );
    run.text = renderReleaseOutcome(run.outcome, store.url);
  } catch (error) {
    if (!isTagdeployError(error)) throw error;
    run.error = error;
  }
  return run;
}

/** An index.html and an asset that name the run: another run's build differs in bytes and in names. */
function defaultOutput(dir: string, runId: string): void {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), `<script src="/assets/app-${runId}.js"></script><p>run ${runId}</p>\n`);
  writeFileSync(join(dir, `assets/app-${runId}.js`), `console.log(${JSON.stringify(runId)});\n`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith('.meta/'))
    .sort();
}
