// The plan as a person reads it: only commits that count are listed as counting, the others
// separately with why; reverts say what they revert; a tag never pushed is not "claimed"; a
// clone that lacks tags or history says so and names the command that fetches them.
import { describe, expect, it } from 'vitest';
import { buildReleasePlan } from '../plan/build-release-plan';
import type { ReleaseFacts } from '../plan/release-plan';
import { aClone, aCommit, aRevertOf, aTag, headSha, someFacts } from '../plan/testing/builders';
import { renderReleasePlan } from './render-release-plan';

const released = 'a'.repeat(40);
const cart = ['apps/checkout/src/cart.ts'];
const render = (facts: Partial<ReleaseFacts>) => renderReleasePlan(buildReleasePlan(someFacts(facts), { product: 'checkout' }));
const after010 = (commits: ReleaseFacts['commits'], extra: Partial<ReleaseFacts> = {}) =>
  render({ tags: [aTag('checkout@0.1.0', released)], sealedVersions: ['0.1.0'], commits, ...extra });
const short = (commit: { sha: string }) => commit.sha.slice(0, 7);

describe('renderReleasePlan', () => {
  describe('commits that count, and those that do not', () => {
    const fix = aCommit('fix(cart): totals', cart);
    const docs = aCommit('docs: readme', ['apps/checkout/README.md']);
    const chore = aCommit('chore(ui): tidy', ['packages/ui/src/a.ts']);
    const plain = aCommit('Update the cart', cart);

    it('lists only counting commits under "commits that count", and the rest apart with why (a ui chore affects no other product)', () => {
      expect(after010([fix, docs, chore, plain]).split('\n')).toEqual([
        `checkout: 0.1.0 → 0.1.1 (patch bump), tag checkout@0.1.1 at ${headSha.slice(0, 7)}`,
        '  commits that count (1):',
        `    ${short(fix)} fix(cart): totals  [patch, via checkout]`,
        '  commits that do not count (3):',
        `    ${short(docs)} docs: readme  [via checkout; type "docs" asks for no release (commitTypes.other is "none")]`,
        `    ${short(chore)} chore(ui): tidy  [via ui; type "chore" asks for no release (commitTypes.other is "none")]`,
        `    ${short(plain)} Update the cart  [via checkout; not a conventional commit (commitTypes.other is "none")]`,
      ]);
    });

    it('says why there is nothing to release', () => {
      expect(after010([docs])).toBe(
        `checkout: nothing to release since checkout@0.1.0 (no commit counts for it).\n  commits that do not count (1):\n    ${short(docs)} docs: readme  [via checkout; type "docs" asks for no release (commitTypes.other is "none")]`,
      );
    });

    it('counts every commit of a first release, as its baseline', () => {
      const text = render({ commits: [docs, fix] });
      expect(text).toContain(`  commits that count (2):\n    ${short(docs)} docs: readme  [first release, via checkout]`);
      expect(text).not.toContain('do not count');
    });
  });

  describe('reverts', () => {
    const coupons = aCommit('feat(cart): coupons', cart);

    it('names what a counted revert reverts', () => {
      const revert = aRevertOf(coupons);
      expect(after010([revert], { revertedCommits: [coupons] })).toContain(
        `  commits that count (1):\n    ${short(revert)} Revert "feat(cart): coupons"  [minor, via checkout; reverts ${short(coupons)} (feat(cart): coupons)]`,
      );
    });

    it('says a revert and what it reverts cancel in the same release', () => {
      const revert = aRevertOf(coupons);
      expect(after010([revert, coupons])).toContain(
        [
          '  commits that do not count (2):',
          `    ${short(revert)} Revert "feat(cart): coupons"  [via checkout; reverts ${short(coupons)} (feat(cart): coupons), a change of this same release]`,
          `    ${short(coupons)} feat(cart): coupons  [via checkout; reverted by ${short(revert)} in this same release]`,
        ].join('\n'),
      );
    });

    it('quotes what a revert reverts when it names no commit', () => {
      const revert = aCommit('revert: docs: readme', cart);
      expect(after010([revert])).toContain(`    ${short(revert)} revert: docs: readme  [via checkout; reverts "docs: readme", which asks for no release]`);
    });
  });

  describe('whether a tag is claimed', () => {
    const atHead = (clone: ReturnType<typeof aClone>) => render({ tags: [aTag('checkout@0.1.0', headSha)], clone });

    it.each([
      ['pushed', aClone(), 'checkout@0.1.0 was claimed on origin but not sealed'],
      ['--no-push', aClone({ localOnly: ['checkout@0.1.0'] }), 'checkout@0.1.0 was tagged locally, not pushed to origin but not sealed'],
      ['no remote', aClone({ remote: null, localOnly: ['checkout@0.1.0'] }), 'checkout@0.1.0 was tagged locally (there is no remote to push to) but not sealed'],
    ])('says so when resuming (%s)', (_, clone, text) => {
      expect(atHead(clone)).toBe(`checkout: ${text}; this run finishes it (build, publish what is missing, seal).`);
    });
  });

  describe('what this clone lacks', () => {
    const fix = [aCommit('fix: x', cart)];
    const gained = { tags: [aTag('checkout@0.1.0', released), aTag('checkout@0.1.1', 'b'.repeat(40))], sealedVersions: ['0.1.1'], commits: fix };

    it.each([
      [
        'a shallow clone',
        aClone({ shallow: true, history: 'shallow' }),
        '  this clone is shallow: the history since checkout@0.1.1 is cut short, so this plan may miss commits. Run "git fetch --unshallow --tags origin" first: a release refuses to tag without them.',
      ],
      [
        'the last release commit missing',
        aClone({ remoteOnly: ['checkout@0.1.1'], history: 'missing' }),
        '  the commit of checkout@0.1.1 (a tag of origin) is not in this clone, so this plan may miss commits. Run "git fetch --tags origin" first: a release refuses to tag without them.',
      ],
      [
        'tags only on the remote',
        aClone({ remoteOnly: ['checkout@0.1.1'] }),
        '  release tags read from origin, not in this clone: checkout@0.1.1 (to fetch them: git fetch --tags origin).',
      ],
      [
        'an unreadable remote',
        aClone({ remoteError: 'fatal: could not read from remote repository.' }),
        "  origin could not be read (fatal: could not read from remote repository.): versions were checked against this clone's tags only.",
      ],
      [
        'a shallow clone without a remote',
        aClone({ remote: null, shallow: true, history: 'shallow' }),
        '  this clone is shallow: the history since checkout@0.1.1 is cut short, so this plan may miss commits. Clone the repository again without --depth first: a release refuses to tag without them.',
      ],
    ])('%s', (_, clone, note) => {
      expect(render({ ...gained, clone }).split('\n').at(-1)).toBe(note);
    });

    it('says nothing of a full clone that has every tag', () => {
      expect(render({ ...gained })).not.toMatch(/clone|origin/);
    });
  });
});
