// Reverts in the plan. The rule (docs/decisions.md): a revert of a commit of an earlier release
// counts as that commit's kind (a revert of a released feat is a minor change); a revert of a
// commit of this same release undoes it, and neither counts; a revert of that revert brings it back.
import { describe, expect, it } from 'vitest';
import type { RawCommit } from '../git/git-port';
import { buildReleasePlan } from './build-release-plan';
import type { ReleaseFacts, ReleaseRequest } from './release-plan';
import { aCommit, aRevertOf, aTag, changelogOf, defaultCommitTypes, someFacts } from './testing/builders';

const cart = ['apps/checkout/src/cart.ts'];
const coupons = aCommit('feat(cart): coupons', cart);
const rounding = aCommit('fix(cart): rounding', cart);
const dropIe = aCommit('feat(cart)!: drop IE', cart);
const readme = aCommit('docs: cart readme', ['apps/checkout/README.md']);

/** checkout released at `version`; `commits` since (newest first); `earlier` are commits of that release. */
function after(version: string, commits: RawCommit[], earlier: RawCommit[] = [], extra: Partial<ReleaseFacts> = {}) {
  return someFacts({ tags: [aTag(`checkout@${version}`, 'a'.repeat(40))], sealedVersions: [version], commits, revertedCommits: earlier, ...extra });
}
const plan = (facts: ReleaseFacts, request: Partial<ReleaseRequest> = {}) => buildReleasePlan(facts, { product: 'checkout', ...request });
const summary = (facts: ReleaseFacts) => {
  const result = plan(facts);
  return { status: result.status, version: result.version, counts: result.commits.map((c) => [c.subject, c.counts, c.bump]) };
};

describe('buildReleasePlan with reverts', () => {
  describe('of a commit released before: counts as that commit', () => {
    it.each([
      ['a feat: minor', coupons, '1.0.0', '1.1.0', 'minor'],
      ['a fix: patch', rounding, '1.0.0', '1.0.1', 'patch'],
      ['a breaking feat at 1.x: major', dropIe, '1.0.0', '2.0.0', 'major'],
      ['a breaking feat below 1.0.0: minor', dropIe, '0.3.0', '0.4.0', 'minor'],
    ])('%s', (_, original, version, next, bump) => {
      const result = plan(after(version, [aRevertOf(original)], [original]));
      expect([result.version, result.bump, result.commits[0].counts]).toEqual([next, bump, true]);
      expect(result.commits[0].reverts).toEqual({ shortSha: original.sha.slice(0, 7), subject: original.subject, inRelease: false });
    });

    it("takes the kind from the revert's quoted subject when this clone lacks the reverted commit", () => {
      expect(summary(after('1.0.0', [aRevertOf(coupons)], []))).toMatchObject({ version: '1.1.0', counts: [['Revert "feat(cart): coupons"', true, 'minor']] });
    });

    it('reads the conventional spelling "revert: <subject>" with its sha', () => {
      const revert = aCommit(`revert: feat(cart): coupons\n\nThis reverts commit ${coupons.sha}.`, cart);
      expect(summary(after('1.0.0', [revert], [coupons]))).toMatchObject({ version: '1.1.0', counts: [['feat(cart): coupons', true, 'minor']] });
    });

    it('reads "revert(scope): <subject>" without a sha from its subject', () => {
      const revert = aCommit('revert(cart): fix(cart): rounding', cart);
      // The preset's header pattern takes the scope up to the last ")": the subject is "rounding".
      expect(summary(after('1.0.0', [revert]))).toMatchObject({ version: '1.0.1', counts: [['rounding', true, 'patch']] });
    });

    it('takes the reverted commit from git over what the revert quotes (a breaking footer)', () => {
      const original = aCommit('feat(cart): totals in cents\n\nBREAKING CHANGE: totals are cents', cart);
      expect(summary(after('1.0.0', [aRevertOf(original)], [original]))).toMatchObject({ version: '2.0.0' });
    });

    it('does not count a revert of a commit that asked for nothing, and says why', () => {
      const result = plan(after('1.0.0', [aRevertOf(readme)], [readme]));
      expect([result.status, result.commits[0].counts, result.commits[0].reverts?.subject]).toEqual(['nothing-to-release', false, 'docs: cart readme']);
    });

    it('counts a revert of a revert as the original (git 2.43 "Reapply")', () => {
      const revert = aRevertOf(coupons);
      const reapply = aCommit(`Reapply "${coupons.subject}"\n\nThis reverts commit ${revert.sha}.`, cart);
      expect(summary(after('1.0.0', [reapply], [revert]))).toMatchObject({ version: '1.1.0', counts: [['Reapply "feat(cart): coupons"', true, 'minor']] });
    });

    it('bumps at least what a configured revert type asks for', () => {
      const revert = aCommit('revert: undo the coupon banner', cart);
      const facts = after('1.0.0', [revert], [], { commitTypes: defaultCommitTypes({ patch: ['fix', 'perf', 'revert'] }) });
      expect(summary(facts)).toMatchObject({ version: '1.0.1', counts: [['undo the coupon banner', true, 'patch']] });
    });
  });

  describe('of a commit of this same release: they cancel', () => {
    it('counts neither a feat nor its revert', () => {
      const revert = aRevertOf(coupons);
      const result = plan(after('1.0.0', [revert, coupons]));
      expect(result.status).toBe('nothing-to-release');
      expect(result.commits.map((c) => [c.subject, c.counts, c.revertedBy, c.reverts?.inRelease])).toEqual([
        ['Revert "feat(cart): coupons"', false, undefined, true],
        ['coupons', false, revert.sha.slice(0, 7), undefined],
      ]);
    });

    it('still counts the other commits', () => {
      expect(summary(after('1.0.0', [aRevertOf(coupons), rounding, coupons]))).toMatchObject({ version: '1.0.1' });
    });

    it('counts the feat again when the revert is reverted too', () => {
      const revert = aRevertOf(coupons);
      expect(summary(after('1.0.0', [aRevertOf(revert), revert, coupons]))).toMatchObject({
        version: '1.1.0',
        counts: [['Revert "Revert "feat(cart): coupons""', false, null], ['Revert "feat(cart): coupons"', false, null], ['coupons', true, 'minor']],
      });
    });

    it('counts nothing when a revert of a released feat is reverted in the same release', () => {
      const revert = aRevertOf(coupons);
      expect(summary(after('1.0.0', [aRevertOf(revert), revert], [coupons])).status).toBe('nothing-to-release');
    });

    it('finds the reverted commit by its subject when the revert names no sha', () => {
      const revert = aCommit('Revert "feat(cart): coupons"', cart);
      expect(summary(after('1.0.0', [revert, coupons])).status).toBe('nothing-to-release');
    });

    it('leaves a reverted feat out of a first release, which still counts its other commits', async () => {
      const scaffold = aCommit('chore: scaffold checkout', ['apps/checkout/src/main.ts']);
      const facts = someFacts({ commits: [aRevertOf(coupons), coupons, scaffold] });
      const result = plan(facts);
      expect([result.version, result.commits.map((c) => c.counts)]).toEqual(['0.1.0', [false, false, true]]);
      expect(await changelogOf(facts)).not.toContain('coupons');
    });
  });

  it('lists a counted revert under Reverts in the changelog, with what it reverts', async () => {
    const revert = aRevertOf(coupons);
    expect(await changelogOf(after('1.0.0', [revert], [coupons]))).toContain(
      `### Reverts\n\n* feat(cart): coupons (reverts ${coupons.sha.slice(0, 7)}) ${revert.sha.slice(0, 7)}`,
    );
  });
});
