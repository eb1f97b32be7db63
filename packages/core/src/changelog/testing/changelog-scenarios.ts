// Release plans whose changelogs the hand-written renderer (before conventional-changelog) rendered:
// old-renderer-output.ts holds what it wrote for each, so that the preset's sections can be
// compared against them.
import type { ReleaseFacts } from '../../plan/release-plan';
import { aCommit, aRevertOf, aTag, defaultCommitTypes, someFacts } from '../../plan/testing/builders';

const released = 'a'.repeat(40);
const after = (version: string, commits: ReleaseFacts['commits'], extra: Partial<ReleaseFacts> = {}): ReleaseFacts =>
  someFacts({ tags: [aTag(`checkout@${version}`, released)], sealedVersions: [version], commits, ...extra });
const checkout = ['apps/checkout/src/main.ts'];
const ui = ['packages/ui/src/button.ts'];
const coupons = aCommit('feat(cart): coupons', checkout);

export const changelogScenarios: Record<string, ReleaseFacts> = {
  'every group': after('1.0.0', [
    aCommit('fix(cart): rounding', checkout),
    aCommit('feat(cart)!: new totals', checkout),
    aCommit('perf: faster', checkout),
    aCommit('feat: coupons', checkout),
  ]),
  'a first release of other changes': someFacts({ commits: [aCommit('chore: scaffold', checkout), aCommit('Update prices', checkout)] }),
  'changes through a dependency': after('0.1.0', [
    aCommit('feat(ui): add Button', ui),
    aCommit('fix(button): focus ring', ui),
    aCommit('fix: totals', [...checkout, ...ui]),
  ]),
  'a breaking footer and a revert of a released feat': after('1.0.0', [aCommit('feat: theme\n\nBREAKING CHANGE: --primary is now --accent', checkout), aRevertOf(coupons)], {
    revertedCommits: [coupons],
  }),
  'other types released as patches': after('0.1.0', [aCommit('chore: deps', checkout), aCommit('docs: readme', checkout)], {
    commitTypes: defaultCommitTypes({ other: 'patch' }),
  }),
};
