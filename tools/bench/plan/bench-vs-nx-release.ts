// plan.large.vs_nx_release: how many times faster tagdeploy plans a release than Nx's own
// `nx release version --dry-run` does, on the workspace of plan.large (1,000 projects, 50,000
// commits; the generator's cached copy, see bench-plan.ts).
//
// What it compares, like for like: both commands answer "which version is next for the product
// app-0, from the conventional commits since its last release tag app-0@0.1.0", print it, and
// write nothing (dry runs, no daemon, the same warm .nx cache, the same nx CLI of this
// repository). tagdeploy: `nx release-product app-0 --dry-run`. Nx: `nx release version
// --projects=app-0 --dry-run` with `release` in nx.json set up as a team would for this repo:
// the 200 products as release projects, independent versions, conventional commits, the version
// taken from the `{projectName}@{version}` tags (the same tags tagdeploy reads). Nx's JS version
// actions update a package.json, so every product gets a minimal one (name, version 0.1.0) in one
// extra commit, which both commands see. Differences that remain: tagdeploy counts commits to the
// product's dependency closure (its libraries too), Nx only those to the product's own folder;
// that makes tagdeploy's plan the larger job, not the smaller.
//
// The nx release side needs @nx/js (its version actions): it is installed once into the bench
// cache folder, outside this repository, and linked into the workspace copy, so the project's
// package.json and lock stay as they are. The copy of the workspace (a local clone plus the
// release config) is kept in the bench cache too. Medians of `runs` interleaved runs each after
// one warm-up of each side; nx release took ~45 s a run at this size, hence 3.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printFigure, type Benchmark } from '../benchmark';
import { cachedMonorepo } from '../cli/cached-monorepo';
import { median, runTimed } from '../measure';
import { git, linkIntoNodeModules, repoRoot, toJson, type GeneratedMonorepo } from './generate-monorepo';
import { nxBin, nxEnv } from './run-nx';

/** plan.large's size (bench-plan.ts): 200 products and 800 libraries, 50,000 commits. */
const large = { products: 200, libs: 800, commits: 50_000 };
const runs = 3;
const cacheDir = join(tmpdir(), 'tagdeploy-bench-cache');
const figure = 'plan.large.vs_nx_release';

export const vsNxReleaseBenchmark: Benchmark = {
  idPrefix: figure,
  async run(wants) {
    if (!wants(figure)) return;
    const source = await cachedMonorepo('plan-large', large, {}, {});
    log(`${figure}: ${source.generatedMs === undefined ? 'reused' : `generated in ${seconds(source.generatedMs)}`} ${source.root}`);
    const nxJs = installNxJs();
    const repo = withNxRelease(source, nxJs);
    log(`${figure}: workspace with nx release config at ${repo.root}`);
    // Warm-ups fill .nx/workspace-data for both (the graph, file hashes); neither writes a file Nx hashes.
    const warmOurs = await runOurs(repo);
    const warmNx = await runNxRelease(repo);
    log(`${figure}: tagdeploy warm-up ${seconds(warmOurs.ms)}: ${headline(warmOurs.stdout, repo.product)}`);
    log(`${figure}: nx release warm-up ${seconds(warmNx.ms)}: ${nxHeadline(warmNx.stdout, repo.product)}`);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        ours.push((await runOurs(repo)).ms);
        theirs.push((await runNxRelease(repo)).ms);
      } else {
        theirs.push((await runNxRelease(repo)).ms);
        ours.push((await runOurs(repo)).ms);
      }
    }
    log(`${figure}: median of ${runs}: release-product --dry-run ${seconds(median(ours))}, nx release version --dry-run ${seconds(median(theirs))} (runs: ${ours.map(seconds).join(' ')} | ${theirs.map(seconds).join(' ')}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`);
    printFigure({ id: figure, value: median(theirs) / median(ours), unit: 'x', target: '>=8' });
  },
};

function runOurs(repo: GeneratedMonorepo) {
  return runTimed(repo.root, process.execPath, [nxBin(), 'release-product', repo.product, '--dry-run'], nxEnv);
}

function runNxRelease(repo: GeneratedMonorepo) {
  return runTimed(repo.root, process.execPath, [nxBin(), 'release', 'version', `--projects=${repo.product}`, '--dry-run'], nxEnv);
}

/** @nx/js of the nx version this repository installs (or the newest below it), in the bench cache; its folder. */
function installNxJs(): string {
  const nxVersion = (JSON.parse(readFileSync(require.resolve('nx/package.json', { paths: [repoRoot] }), 'utf8')) as { version: string }).version;
  const dir = join(cacheDir, 'nx-release-tools');
  const installed = join(dir, 'node_modules/@nx/js/package.json');
  if (existsSync(installed)) return join(dir, 'node_modules/@nx/js');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), toJson({ name: 'tagdeploy-bench-nx-release-tools', private: true }));
  // @nx/js is published for every nx minor, not always for each patch: the newest of the same minor.
  const minor = nxVersion.split('.').slice(0, 2).join('.');
  log(`${figure}: installing @nx/js@~${minor}.0 into ${dir} (once)`);
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', `@nx/js@~${minor}.0`], { cwd: dir, encoding: 'utf8' });
  if (npm.status !== 0) throw new Error(`npm install @nx/js failed in ${dir}: ${npm.stderr}`);
  return join(dir, 'node_modules/@nx/js');
}

/**
 * A clone of the generated workspace with nx release configured and a package.json per product
 * (one commit), its store (the sealed app-0@0.1.0) and its node_modules links; kept in the cache,
 * keyed by the source's HEAD and this file.
 */
function withNxRelease(source: GeneratedMonorepo, nxJs: string): GeneratedMonorepo {
  const head = git(source.root, ['rev-parse', 'HEAD']).trim();
  const key = createHash('sha256').update(head).update(source.root).update(readFileSync(__filename, 'utf8')).digest('hex').slice(0, 16);
  const root = join(cacheDir, `plan-large-nx-release-${key}`);
  const done = join(root, '.git', 'tagdeploy-bench-nx-release');
  if (existsSync(done)) return { ...source, root };
  rmSync(root, { recursive: true, force: true });
  git(cacheDir, ['clone', '--quiet', '--local', source.root, root]);
  git(root, ['config', 'user.name', 'Bench']);
  git(root, ['config', 'user.email', 'bench@example.com']);
  git(root, ['config', 'gc.auto', '0']);
  // Tags come along with the clone; the store (ignored by git) is copied.
  cpSync(join(source.root, '.tagdeploy'), join(root, '.tagdeploy'), { recursive: true });
  linkIntoNodeModules(root, {
    nx: join(repoRoot, 'node_modules/nx'),
    '@tagdeploy/nx': join(repoRoot, 'packages/nx'),
    '@tagdeploy/core': join(repoRoot, 'packages/core'),
    '@nx/js': nxJs,
  });
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as Record<string, unknown>;
  nxJson.release = {
    projects: ['app-*'],
    projectsRelationship: 'independent',
    releaseTag: { pattern: '{projectName}@{version}' },
    // The shorthand: the current version from the tags, the bump from the commit messages.
    // nx resolves the default "@nx/js/src/release/version-actions" from its own folder (this
    // repository's, which has no @nx/js): the same module, by its path in the workspace.
    version: { conventionalCommits: true, versionActions: 'node_modules/@nx/js/dist/src/release/version-actions' },
  };
  writeFileSync(join(root, 'nx.json'), toJson(nxJson));
  for (let i = 0; i < large.products; i++) {
    const name = `app-${i}`;
    writeFileSync(join(root, 'apps', name, 'package.json'), toJson({ name, version: '0.1.0', private: true }));
  }
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'chore: configure nx release']);
  writeFileSync(done, head);
  return { ...source, root };
}

/** tagdeploy's plan headline, e.g. "app-0: 0.1.0 -> 0.2.0 (minor)"; fails when the dry run planned nothing. */
function headline(stdout: string, product: string): string {
  const line = stdout.split('\n').map((l) => l.trim()).find((l) => l.startsWith(`${product}: `));
  if (!line || !/\d+\.\d+\.\d+/.test(line)) throw new Error(`release-product --dry-run printed no plan for ${product}:\n${stdout.slice(0, 2000)}`);
  return line;
}

/** nx release's line with the new version of the product; fails when it planned none. */
function nxHeadline(stdout: string, product: string): string {
  const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const line = plain.split('\n').map((l) => l.trim()).find((l) => l.includes(product) && /new version \d+\.\d+\.\d+|\d+\.\d+\.\d+ -> \d+\.\d+\.\d+/i.test(l));
  if (!line) throw new Error(`nx release version --dry-run printed no new version for ${product}:\n${plain.slice(0, 3000)}`);
  return line;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
