import { describe, expect, it } from 'vitest';
import { buildReleasePlan } from './build-release-plan';
import type { ReleaseFacts, ReleaseRequest } from './release-plan';
import { aCommit, aTag, changelogOf, errorOf, headSha, someFacts } from './testing/builders';

const released = 'a'.repeat(40);
const plan = (facts: Partial<ReleaseFacts>, request: Partial<ReleaseRequest> = {}) =>
  buildReleasePlan(someFacts(facts), { product: 'checkout', ...request });
/** checkout released 0.1.0 at an older commit, sealed. */
const after010 = (commits: ReleaseFacts['commits'], extra: Partial<ReleaseFacts> = {}): Partial<ReleaseFacts> => ({
  tags: [aTag('checkout@0.1.0', released)],
  sealedVersions: ['0.1.0'],
  commits,
  ...extra,
});
const above1 = (commits: ReleaseFacts['commits']) =>
  after010(commits, { tags: [aTag('checkout@1.0.0', released)], sealedVersions: ['1.0.0'] });

describe('buildReleasePlan', () => {
  describe('which product', () => {
    it('refuses a project without tagdeploy.json and lists the products', () => {
      const error = errorOf(() => plan({}, { product: 'ui' }));
      expect([error.code, error.message]).toEqual([
        'NOT_A_PRODUCT',
        'ui is not a product: it has no tagdeploy.json. Products: checkout, payments-api, storefront. Add a tagdeploy.json to make it one (⟦add-product ui⟧).',
      ]);
    });

    it('carries kind, build target and output path from the product config', () => {
      expect(plan(after010([aCommit('fix: x', ['apps/checkout/a.ts'])]))).toMatchObject({
        kind: 'static',
        buildTarget: 'build',
        outputPath: 'dist/apps/checkout',
      });
    });

    it('carries the output path of the product being released', () => {
      const facts = { tags: [], commits: [aCommit('fix: x', ['services/payments-api/a.ts'])] };
      expect(plan(facts, { product: 'payments-api' }).outputPath).toBe('dist/services/payments-api');
    });
  });

  describe('the bump', () => {
    it('releases a breaking feat! as major at 1.x', () => {
      expect(plan(above1([aCommit('feat(ui)!: drop IE', ['packages/ui/src/index.ts'])]))).toMatchObject({ version: '2.0.0', bump: 'major' });
    });

    it('releases a BREAKING CHANGE footer as major at 1.x', () => {
      const commit = aCommit('fix(cart): totals\n\nBREAKING CHANGE: totals are cents', ['apps/checkout/src/cart.ts']);
      expect(plan(above1([commit]))).toMatchObject({ version: '2.0.0', bump: 'major' });
    });

    it('releases a breaking change below 1.0.0 as minor', () => {
      expect(plan(after010([aCommit('feat(ui)!: drop IE', ['packages/ui/src/index.ts'])]))).toMatchObject({ version: '0.2.0', bump: 'minor' });
    });

    it('takes the highest bump of all counted commits', () => {
      const commits = [aCommit('fix: a', ['apps/checkout/a.ts']), aCommit('feat: b', ['apps/checkout/b.ts']), aCommit('fix: c', ['packages/ui/c.ts'])];
      expect(plan(above1(commits))).toMatchObject({ version: '1.1.0', bump: 'minor', reason: 'bump', status: 'release' });
    });

    it('releases a fix in ui as a patch, via ui', () => {
      const result = plan(after010([aCommit('fix(ui): focus ring', ['packages/ui/src/button.tsx'])]));
      expect([result.version, result.commits.map((c) => [c.subject, c.bump, c.via])]).toEqual(['0.1.1', [['focus ring', 'patch', ['ui']]]]);
    });
  });

  describe('nothing to release', () => {
    it('when only another product changed', () => {
      expect(plan(after010([aCommit('feat: banner', ['apps/storefront/src/home.ts'])]))).toMatchObject({
        status: 'nothing-to-release',
        version: '0.1.0',
        tag: 'checkout@0.1.0',
        reason: 'none',
        commits: [],
      });
    });

    it('when only the lockfile changed', () => {
      expect(plan(after010([aCommit('fix: bump deps', ['package-lock.json'])])).status).toBe('nothing-to-release');
    });

    it('when relevant commits ask for no bump, though they are listed', () => {
      const result = plan(after010([aCommit('docs: readme', ['apps/checkout/README.md'])]));
      expect([result.status, result.commits.map((c) => c.bump)]).toEqual(['nothing-to-release', [null]]);
    });

    it('with an empty version when a never-released product has no commit touching it', () => {
      expect(plan({ commits: [aCommit('feat(storefront): banner', ['apps/storefront/a.ts'])] })).toMatchObject({ status: 'nothing-to-release', version: '', tag: '', previous: null });
    });

    it('except for a first release, which any commit touching the product makes (its baseline)', async () => {
      const facts = { commits: [aCommit('chore: scaffold', ['apps/checkout/a.ts'])] };
      expect(plan(facts)).toMatchObject({ status: 'release', version: '0.1.0', reason: 'first-release' });
      expect(await changelogOf(someFacts(facts))).toContain('### Other changes\n\n* scaffold');
    });

    it('unless --release-as forces a release', () => {
      expect(plan(after010([]), { releaseAs: 'patch' })).toMatchObject({ status: 'release', version: '0.1.1', reason: 'release-as' });
    });
  });

  describe('root files', () => {
    it('counts an allow-listed root file, via (root)', () => {
      const result = plan(after010([aCommit('fix: tsconfig', ['tsconfig.base.json'])], { rootFiles: ['tsconfig.base.json'] }));
      expect([result.status, result.commits[0].via]).toEqual(['release', ['(root)']]);
    });

    it('counts a lockfile the allow-list names', () => {
      const facts = after010([aCommit('fix: bump deps', ['package-lock.json'])], { rootFiles: ['package-lock.json'] });
      expect(plan(facts).status).toBe('release');
    });
  });

  describe('affected products', () => {
    it('lists the other products built from a changed shared project, sorted', () => {
      const commits = [aCommit('fix(utils): rounding', ['packages/utils/src/money.ts']), aCommit('feat(ui): Button', ['packages/ui/src/button.tsx'])];
      expect(plan(after010(commits)).affectedProducts).toEqual([
        { product: 'payments-api', via: ['utils'] },
        { product: 'storefront', via: ['ui', 'utils'] },
      ]);
    });

    it('lists none for a change of the product alone', () => {
      expect(plan(after010([aCommit('fix: x', ['apps/checkout/a.ts'])])).affectedProducts).toEqual([]);
    });

    it('ignores commits that count for nothing', () => {
      expect(plan(after010([aCommit('fix: x', ['apps/checkout/a.ts']), aCommit('docs(ui): typo', ['packages/ui/README.md'])])).affectedProducts).toEqual([]);
    });

    it('lists a product that depends on the released one', () => {
      const facts = after010([aCommit('fix(ui): x', ['packages/ui/a.ts'])], { tags: [aTag('ui@0.1.0', released)], sealedVersions: ['0.1.0'] });
      const products = { ...someFacts().products, ui: { kind: 'npm' as const, buildTarget: 'build' } };
      expect(plan({ ...facts, products }, { product: 'ui' }).affectedProducts.map((a) => a.product)).toEqual(['checkout', 'storefront']);
    });
  });

  describe('--release-as and --preid', () => {
    const fix = [aCommit('fix: x', ['apps/checkout/a.ts'])];

    it('releases an exact version', () => {
      expect(plan(after010(fix), { releaseAs: '1.0.0' })).toMatchObject({ version: '1.0.0', tag: 'checkout@1.0.0', reason: 'release-as' });
    });

    it('releases a bump kind', () => {
      expect(plan(after010(fix), { releaseAs: 'major' })).toMatchObject({ version: '1.0.0', bump: 'major', reason: 'release-as' });
    });

    it('refuses a value that is neither', () => {
      expect(errorOf(() => plan(after010(fix), { releaseAs: 'next' })).code).toBe('BAD_RELEASE_AS');
    });

    it('refuses a version not greater than the last release', () => {
      expect(errorOf(() => plan(after010(fix), { releaseAs: '0.1.0' })).message).toContain('--release-as 0.1.0 is not greater than the last release 0.1.0');
    });

    it('starts a prerelease with --preid', () => {
      expect(plan(after010([aCommit('feat: x', ['apps/checkout/a.ts'])]), { preid: 'rc' }).version).toBe('0.2.0-rc.0');
    });

    it('continues a prerelease with the same --preid', () => {
      const facts = after010([aCommit('fix: x', ['apps/checkout/a.ts'])], { tags: [aTag('checkout@0.2.0-rc.0', released)], sealedVersions: ['0.2.0-rc.0'] });
      expect(plan(facts, { preid: 'rc' }).version).toBe('0.2.0-rc.1');
    });
  });

  describe('first release', () => {
    const commits = [aCommit('feat: checkout', ['apps/checkout/src/main.ts'])];

    it('uses the package.json version', () => {
      expect(plan({ commits, packageVersion: '1.0.0' })).toMatchObject({ version: '1.0.0', tag: 'checkout@1.0.0', reason: 'first-release', previous: null });
    });

    it('uses 0.1.0 when package.json holds the 0.0.0 placeholder', () => {
      expect(plan({ commits, packageVersion: '0.0.0' })).toMatchObject({ version: '0.1.0', reason: 'first-release' });
    });

    it('uses 0.1.0 without a package.json version', () => {
      expect(plan({ commits }).version).toBe('0.1.0');
    });

    it('refuses --first-release for a version that is already released, and keeps that release', () => {
      const facts = { commits, packageVersion: '0.1.0', tags: [aTag('checkout@0.1.0', released)], sealedVersions: ['0.1.0'] };
      const error = errorOf(() => plan(facts, { firstRelease: true }));
      expect([error.code, error.message]).toEqual([
        'NOT_FIRST_RELEASE',
        '--first-release would release checkout 0.1.0, but checkout already has releases up to 0.1.0 (checkout@0.1.0, sealed, claimed on origin). Keep them: release without --first-release to take the next version after 0.1.0, or pick a higher one with --release-as=<version above 0.1.0>.',
      ]);
      expect(error.message).not.toMatch(/git tag -d|delete/i);
    });
  });

  describe('the last release', () => {
    it('is the highest version, prereleases included', () => {
      const tags = [aTag('checkout@0.9.0', 'b'.repeat(40)), aTag('checkout@1.0.0-rc.1', released), aTag('checkout@0.10.0', 'c'.repeat(40))];
      const result = plan({ tags, sealedVersions: ['1.0.0-rc.1'], commits: [aCommit('fix: x', ['apps/checkout/a.ts'])] });
      expect([result.previous, result.version]).toEqual([{ version: '1.0.0-rc.1', tag: 'checkout@1.0.0-rc.1', commit: released }, '1.0.0']);
    });

    it('ignores tags of other products and non-version tags', () => {
      const tags = [aTag('checkout@0.1.0', released), aTag('checkout@latest', headSha), aTag('checkout-api@9.0.0', headSha)];
      expect(plan({ tags, sealedVersions: ['0.1.0'], commits: [aCommit('fix: x', ['apps/checkout/a.ts'])] }).version).toBe('0.1.1');
    });

    it('reads tags with the configured pattern', () => {
      const facts = { tagPattern: 'release/{product}/v{version}', tags: [aTag('release/checkout/v0.3.0', released)], sealedVersions: ['0.3.0'] };
      expect(plan({ ...facts, commits: [aCommit('fix: x', ['apps/checkout/a.ts'])] }).tag).toBe('release/checkout/v0.3.1');
    });
  });

  describe('a tag at HEAD', () => {
    const atHead = (sealedVersions: string[]): Partial<ReleaseFacts> => ({
      tags: [aTag('checkout@0.1.0', released), aTag('checkout@0.2.0', headSha)],
      sealedVersions,
      commits: [aCommit('feat: coupons', ['apps/checkout/a.ts'])],
    });

    it('is already released when sealed', () => {
      expect(plan(atHead(['0.2.0']))).toMatchObject({ status: 'already-released', version: '0.2.0', tag: 'checkout@0.2.0', reason: 'existing-tag' });
    });

    it('is resumed when claimed but not sealed', () => {
      expect(plan(atHead([]))).toMatchObject({
        status: 'resume',
        version: '0.2.0',
        tag: 'checkout@0.2.0',
        reason: 'existing-tag',
        previous: { version: '0.1.0', tag: 'checkout@0.1.0', commit: released },
      });
    });

    it('is resumed with the changelog it was claimed with', async () => {
      expect(await changelogOf(someFacts(atHead([])))).toContain('## 0.2.0 (2024-05-01)\n\n### Features\n\n* coupons');
    });

    it('wins over --release-as', () => {
      expect(plan(atHead(['0.2.0']), { releaseAs: '5.0.0' }).status).toBe('already-released');
    });
  });

  it('refuses to release past a claimed, unsealed tag that is not HEAD, and says how to finish it', () => {
    const error = errorOf(() => plan({ tags: [aTag('checkout@0.2.0', released)], sealedVersions: [], commits: [aCommit('fix: x', ['apps/checkout/a.ts'])] }));
    expect([error.code, error.message]).toEqual([
      'UNSEALED_RELEASE',
      'checkout@0.2.0 was claimed on origin but never sealed (its release.json is missing). Finish it first: git switch --detach checkout@0.2.0 && ⟦release checkout --allow-branch⟧, then switch back; or, if it can never be sealed, abandon it (the tag stays, the next release takes the next version): ⟦abandon checkout --release=0.2.0⟧.',
    ]);
  });

  describe('the plan as data', () => {
    const facts = after010(
      [
        aCommit('feat(ui)!: drop IE', ['packages/ui/src/index.ts']),
        aCommit('fix(cart): totals\n\nBREAKING CHANGE: cents', ['apps/checkout/a.ts', 'tsconfig.base.json']),
        aCommit('docs: readme', ['apps/checkout/README.md']),
        aCommit('perf(utils): faster', ['packages/utils/a.ts']),
      ],
      { rootFiles: ['tsconfig.base.json'] },
    );

    it('survives a JSON round trip unchanged', () => {
      const result = plan(facts);
      expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
    });

    it('is the same for the same facts', () => {
      expect(plan(facts)).toStrictEqual(plan(structuredClone(facts)));
    });

    it('names every relevant commit with its short sha, bump and via', () => {
      expect(plan(facts).commits.map((c) => [c.shortSha.length, c.bump, c.via])).toEqual([
        [7, 'minor', ['ui']],
        [7, 'minor', ['checkout', '(root)']],
        [7, null, ['checkout']],
        [7, 'patch', ['utils']],
      ]);
    });

    it('tags HEAD', () => {
      expect(plan(facts)).toMatchObject({ commit: headSha, tag: 'checkout@0.2.0' });
    });
  });
});
