import { describe, expect, it } from 'vitest';
import type { PlannedCommit } from './release-plan';
import { renderChangelog } from './render-changelog';
import { aPlannedCommit, defaultCommitTypes } from './testing/builders';

const render = (commits: PlannedCommit[]) =>
  renderChangelog({ product: 'checkout', version: '0.2.0', today: '2024-05-01', commits, commitTypes: defaultCommitTypes() });
const short = (commit: PlannedCommit) => commit.shortSha;

describe('renderChangelog', () => {
  it('groups commits in a fixed order and omits empty groups', () => {
    const fix = aPlannedCommit('fix(cart): rounding', ['checkout']);
    const breaking = aPlannedCommit('feat(cart)!: new totals', ['checkout'], { bump: 'minor' });
    const perf = aPlannedCommit('perf: faster', ['checkout']);
    const feat = aPlannedCommit('feat: coupons', ['checkout'], { bump: 'minor' });
    expect(render([fix, breaking, perf, feat])).toBe(
      [
        '## 0.2.0 (2024-05-01)',
        '',
        '### ⚠ Breaking changes',
        '',
        `- cart: new totals (${short(breaking)})`,
        '',
        '### Features',
        '',
        `- coupons (${short(feat)})`,
        '',
        '### Bug fixes',
        '',
        `- cart: rounding (${short(fix)})`,
        '',
        '### Performance',
        '',
        `- faster (${short(perf)})`,
        '',
      ].join('\n'),
    );
  });

  it('puts other types and non-conventional commits under Other changes', () => {
    const chore = aPlannedCommit('chore: deps', ['checkout']);
    const plain = aPlannedCommit('Update prices', ['checkout']);
    expect(render([chore, plain])).toContain(`### Other changes\n\n- deps (${short(chore)})\n- Update prices (${short(plain)})\n`);
  });

  it('names the dependency a change came through', () => {
    const commit = aPlannedCommit('feat(ui): add Button', ['ui'], { bump: 'minor' });
    expect(render([commit])).toContain(`- ui: add Button (${short(commit)})`);
  });

  it('keeps a scope that differs from the dependency', () => {
    const commit = aPlannedCommit('fix(button): focus ring', ['ui']);
    expect(render([commit])).toContain(`- ui (button): focus ring (${short(commit)})`);
  });

  it('does not prefix a change that also touches the product', () => {
    const commit = aPlannedCommit('fix: totals', ['checkout', 'ui']);
    expect(render([commit])).toContain(`- totals (${short(commit)})`);
  });

  it('adds a breaking note that differs from the subject', () => {
    const commit = aPlannedCommit('feat: theme\n\nBREAKING CHANGE: --primary is now --accent', ['checkout']);
    expect(render([commit])).toContain(`- theme (${short(commit)})\n  --primary is now --accent\n`);
  });

  it('is only the heading when no commit counts', () => {
    expect(render([])).toBe('## 0.2.0 (2024-05-01)\n');
  });

  it('renders the same input to the same bytes', () => {
    const commits = [aPlannedCommit('fix: a', ['checkout']), aPlannedCommit('feat: b', ['ui'])];
    expect(render(commits)).toBe(render(structuredClone(commits)));
  });
});
