// The pathspec-limited log gives exactly the plan of the whole range's log: every product of a
// shop-like workspace (checkout and storefront on ui, ui and payments-api on utils, a nested
// project, a workspace root project) planned both ways, in a real repository, after each kind of
// history a release meets: a fix in a dependency, a transitive breaking change, an unrelated
// change, root-file and lockfile changes, a rename across projects, merges (side branches, a
// conflict resolved in the merge, an octopus), reverts inside and outside the range, commits
// dated out of order, and a resumed release.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePluginOptions, parseProductConfig } from '../config/parse-config';
import type { ProductConfig } from '../config/config-schema';
import { GitCli } from '../git/git-cli';
import { commitFile, createTempRepo, type TempRepo } from '../git/testing/git-fixture';
import type { ReleaseRequest } from '../plan/release-plan';
import { FileStore } from '../store/file-store';
import type { Workspace } from '../workspace/workspace';
import { manifestKey } from './release-manifest';
import type { FactSources } from './read-release-facts';
import { planBothWays } from './testing/plan-both-ways';

const projects: Array<[name: string, root: string, dependencies: string[]]> = [
  ['checkout', 'apps/checkout', ['ui', 'utils']],
  ['storefront', 'apps/storefront', ['ui']],
  ['payments-api', 'services/payments-api', ['utils']],
  ['ui', 'libs/ui', ['utils']],
  ['icons', 'libs/ui/icons', []],
  ['utils', 'libs/utils', []],
  ['workspace', '.', []],
];
const products = ['checkout', 'storefront', 'payments-api'];
const rootFiles = ['tsconfig.base.json', 'tools/build/**', 'config/*.[json]'];

let repo: TempRepo;
let storeDir: string;
let sources: FactSources;

beforeEach(async () => {
  repo = createTempRepo();
  storeDir = mkdtempSync(join(tmpdir(), 'tagdeploy-pathspec-store-'));
  for (const [name, root] of projects) write(`${root === '.' ? '' : `${root}/`}src/${name}.ts`, `export const ${name.replace('-', '')} = 0;\n`);
  for (const product of products) write(`${root(product)}/tagdeploy.json`, JSON.stringify({ kind: 'static', outputPath: `dist/${product}` }));
  write('tsconfig.base.json', '{}\n');
  write('package-lock.json', '{"v":0}\n');
  write('README.md', 'shop\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'chore: scaffold the shop');
  commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = 1;\n', 'feat(utils): before the releases');
  const workspace: Workspace = {
    root: repo.dir,
    projects: Object.fromEntries(projects.map(([name, projectRoot, dependencies]) => [name, { name, root: projectRoot, dependencies, targets: [] }])),
  };
  const configs: Record<string, ProductConfig> = Object.fromEntries(
    products.map((product) => [product, parseProductConfig({ kind: 'static', outputPath: `dist/${product}` }, `${root(product)}/tagdeploy.json`)]),
  );
  sources = {
    git: await GitCli.open(repo.dir),
    store: new FileStore(storeDir, 'file:store'),
    workspace,
    products: configs,
    options: parsePluginOptions({ rootFiles }),
    today: '2026-01-01',
  };
  // checkout and storefront were released here; payments-api never was (its range is all history).
  for (const product of ['checkout', 'storefront']) await release(product, '0.1.0');
});

afterEach(() => {
  repo.cleanup();
  rmSync(storeDir, { recursive: true, force: true });
});

function root(product: string): string {
  return projects.find(([name]) => name === product)?.[1] as string;
}

function write(path: string, content: string): void {
  const file = join(repo.dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Tags HEAD and seals the release in the store. */
async function release(product: string, version: string): Promise<void> {
  const tag = `${product}@${version}`;
  repo.git('tag', '-a', '-m', `Release ${tag}`, tag);
  const body = Buffer.from(JSON.stringify({ product, version, tag }));
  await sources.store.create(manifestKey(product, version), body, { contentType: 'application/json', sha256: createHash('sha256').update(body).digest('hex') });
}

/** Every product planned both ways (and as a first release), each pair equal; returns the plans. */
async function expectSamePlans(extra: Partial<ReleaseRequest> = {}, reads: Record<string, number> = {}) {
  const plans = [];
  for (const product of products) {
    for (const request of [{ product, ...extra }, { product, firstRelease: true, releaseAs: '9.0.0' }]) {
      const both = await planBothWays(request, sources);
      expect(both.pathspec, `${product} ${JSON.stringify(request)}`).toEqual(both.full);
      // One git log, limited to the product's paths (a second, whole one only where reverts need it).
      expect(both.pathspecReads.length, product).toBe(request.firstRelease ? both.pathspecReads.length : (reads[product] ?? 1));
      expect(both.pathspecReads[0]?.length).toBeGreaterThan(0);
      plans.push(both.pathspec);
    }
  }
  return Object.fromEntries(plans.filter((plan, i) => i % 2 === 0).map((plan) => [plan.product, plan]));
}

const subjects = (plan: { commits: Array<{ subject: string }> }) => plan.commits.map((commit) => commit.subject);

describe('the pathspec plan equals the whole-range plan', () => {
  it('a fix in a dependency, a transitive breaking change, an unrelated change', async () => {
    commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = 2;\n', 'fix(utils): rounding');
    commitFile(repo, 'libs/ui/src/ui.ts', 'export const ui = 2;\n', 'feat(ui)!: drop the old button\n\nBREAKING CHANGE: Button is gone.');
    commitFile(repo, 'services/payments-api/src/payments-api.ts', 'export const paymentsapi = 2;\n', 'docs(payments-api): explain');
    commitFile(repo, 'libs/ui/icons/src/icons.ts', 'export const icons = 2;\n', 'feat(icons): a nested project of no product');
    const plans = await expectSamePlans();
    expect(plans.checkout).toMatchObject({ version: '0.2.0', affectedProducts: [{ product: 'payments-api', via: ['utils'] }, { product: 'storefront', via: ['ui', 'utils'] }] });
    expect(subjects(plans.storefront)).toEqual(['drop the old button', 'rounding']);
    expect(subjects(plans['payments-api'])).toContain('explain');
  });

  it('root-file changes (the allow-list, a glob with brackets), lockfile changes, files at the root that are not listed', async () => {
    commitFile(repo, 'tsconfig.base.json', '{"strict":true}\n', 'fix: stricter types');
    commitFile(repo, 'tools/build/deep/rollup.js', '1\n', 'perf: faster bundling');
    commitFile(repo, 'config/app.[json]', '1\n', 'fix: config/*.[json] takes its brackets literally');
    commitFile(repo, 'config/app.j', '1\n', 'fix: so this one is not listed');
    commitFile(repo, 'package-lock.json', '{"v":1}\n', 'fix: lockfile at the root, not listed');
    commitFile(repo, 'apps/checkout/package-lock.json', '{"v":1}\n', 'fix(checkout): a lockfile inside the product');
    commitFile(repo, 'README.md', 'shop!\n', 'fix: readme');
    commitFile(repo, 'src/workspace.ts', 'export const workspace = 1;\n', 'fix: the workspace root project');
    const plans = await expectSamePlans();
    expect(subjects(plans.checkout)).toEqual(['config/*.[json] takes its brackets literally', 'faster bundling', 'stricter types']);
  });

  it('a rename across projects counts for both sides', async () => {
    commitFile(repo, 'libs/utils/src/money.ts', 'export const money = 1;\n', 'feat(utils): money');
    mkdirSync(join(repo.dir, 'apps/storefront/src'), { recursive: true });
    renameSync(join(repo.dir, 'libs/utils/src/money.ts'), join(repo.dir, 'apps/storefront/src/money.ts'));
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'refactor!: money moves into storefront');
    const plans = await expectSamePlans();
    expect(plans.storefront.commits.find((commit) => commit.subject === 'money moves into storefront')?.via).toEqual(['storefront', 'utils']);
    expect(plans['payments-api'].commits.find((commit) => commit.subject === 'money moves into storefront')?.via).toEqual(['utils']);
  });

  it('merges: side branches, a conflict resolved in the merge, an octopus, a merge that brings nothing of the product', async () => {
    repo.git('switch', '-q', '-c', 'side');
    commitFile(repo, 'apps/checkout/src/checkout.ts', 'export const checkout = 1;\n', 'feat(checkout): coupons on a branch');
    commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = "side";\n', 'fix(utils): side rounding');
    repo.git('switch', '-q', 'main');
    commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = "main";\n', 'fix(utils): main rounding');
    repo.git('merge', '-q', '--no-ff', '-X', 'ours', '-m', 'Merge branch side', 'side');
    // A merge whose resolution itself changes utils.
    repo.git('switch', '-q', '-c', 'conflict', 'HEAD~1');
    commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = "theirs";\n', 'fix(utils): theirs');
    repo.git('switch', '-q', 'main');
    try {
      repo.git('merge', '-q', '--no-ff', 'conflict', '-m', 'Merge branch conflict');
    } catch {
      write('libs/utils/src/utils.ts', 'export const utils = "resolved";\n');
      repo.git('add', '-A');
      repo.git('commit', '-q', '--no-edit');
    }
    // An octopus of three branches, one of which only touches storefront.
    for (const [branch, path] of [['o1', 'apps/storefront/src/a.ts'], ['o2', 'services/payments-api/src/b.ts'], ['o3', 'README.md']]) {
      repo.git('switch', '-q', '-c', branch, 'main');
      commitFile(repo, path, `${branch}\n`, `feat: ${branch}`);
    }
    repo.git('switch', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', 'o1', 'o2', 'o3', '-m', 'Merge octopus');
    // A side branch whose change main already had: the merge is TREESAME to both parents there.
    repo.git('switch', '-q', '-c', 'same', 'main');
    commitFile(repo, 'libs/ui/src/ui.ts', 'export const ui = "same";\n', 'fix(ui): the same change');
    repo.git('switch', '-q', 'main');
    commitFile(repo, 'libs/ui/src/ui.ts', 'export const ui = "same";\n', 'fix(ui): the same change on main');
    repo.git('merge', '-q', '--no-ff', 'same', '-m', 'Merge branch same');
    // A side branch that changes utils and changes it back: its merge is TREESAME to main there,
    // so git's default simplification would drop the branch and both its commits.
    repo.git('switch', '-q', '-c', 'there-and-back', 'main');
    const before = repo.git('show', 'HEAD:libs/utils/src/utils.ts');
    commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = "tried";\n', 'feat(utils): tried');
    commitFile(repo, 'libs/utils/src/utils.ts', `${before}\n`, 'fix(utils): back as it was');
    commitFile(repo, 'README.md', 'branch\n', 'docs: a change elsewhere');
    repo.git('switch', '-q', 'main');
    commitFile(repo, 'apps/checkout/src/checkout.ts', 'export const checkout = 2;\n', 'fix(checkout): meanwhile on main');
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge branch there-and-back', 'there-and-back');
    // A merge that takes the side's utils over main's: TREESAME to the side there, so git's
    // default simplification would follow the side only and lose main's commit and the merge.
    repo.git('switch', '-q', '-c', 'theirs', 'main');
    commitFile(repo, 'apps/storefront/src/storefront.ts', 'export const storefront = "side";\n', 'feat(storefront): on the side');
    repo.git('switch', '-q', 'main');
    commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = "dropped";\n', 'fix(utils): dropped by the merge');
    repo.git('merge', '-q', '--no-ff', '--no-commit', 'theirs');
    repo.git('checkout', 'theirs', '--', 'libs/utils/src/utils.ts');
    repo.git('commit', '-q', '-m', 'Merge branch theirs, keeping its utils');
    const plans = await expectSamePlans();
    expect(subjects(plans.checkout)).toEqual(expect.arrayContaining(['Merge branch theirs, keeping its utils', 'dropped by the merge', 'tried', 'back as it was', 'coupons on a branch', 'side rounding', 'main rounding', 'Merge branch conflict', 'the same change']));
  });

  it('reverts inside the range, of an earlier release, by subject only, and one touching the product for a commit that did not', async () => {
    const early = repo.git('rev-parse', 'checkout@0.1.0^{commit}');
    const inRange = commitFile(repo, 'libs/utils/src/utils.ts', 'export const utils = 3;\n', 'feat(utils): undone');
    repo.git('revert', '--no-edit', inRange);
    repo.git('revert', '--no-edit', early);
    const unrelated = commitFile(repo, 'README.md', 'readme 2\n', 'feat: readme only');
    commitFile(repo, 'libs/ui/src/ui.ts', 'export const ui = 9;\n', `Revert "readme only"\n\nThis reverts commit ${unrelated}.`);
    commitFile(repo, 'apps/checkout/src/checkout.ts', 'export const checkout = 9;\n', 'feat(checkout): named twice');
    commitFile(repo, 'README.md', 'readme 3\n', 'feat(checkout): named twice');
    commitFile(repo, 'apps/checkout/src/checkout.ts', 'export const checkout = 0;\n', 'Revert "feat(checkout): named twice"');
    // checkout and storefront meet a revert the scoped log cannot resolve: they read the whole range too.
    await expectSamePlans({}, { checkout: 2, storefront: 2, 'payments-api': 1 });
  });

  it('commits dated out of order, then a resumed release (its tag at HEAD, not sealed)', async () => {
    for (const [i, date] of ['2030-01-01T00:00:00Z', '2001-01-01T00:00:00Z', '2015-06-01T00:00:00Z'].entries()) {
      const file = join(repo.dir, 'libs/utils/src/utils.ts');
      writeFileSync(file, `export const utils = ${10 + i};\n`);
      repo.git('add', '-A');
      // git log orders by committer date: these are older (or newer) than their parents.
      execFileSync('git', ['commit', '-q', '-m', `fix(utils): dated ${date}`], { cwd: repo.dir, env: { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } });
      commitFile(repo, 'apps/storefront/src/storefront.ts', `export const storefront = ${i + 1};\n`, `feat(storefront): between ${i}`);
    }
    await expectSamePlans();
    repo.git('tag', '-a', '-m', 'claimed', 'checkout@0.1.1');
    const both = await planBothWays({ product: 'checkout' }, sources);
    expect(both.pathspec).toEqual(both.full);
    expect(both.pathspec).toMatchObject({ status: 'resume', version: '0.1.1' });
    expect(subjects(both.pathspec)).toHaveLength(3);
  });
});
