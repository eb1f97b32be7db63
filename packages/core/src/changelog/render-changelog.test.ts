import { describe, expect, it } from 'vitest';
import type { ChangelogOptions } from '../config/config-schema';
import type { PlannedCommit } from '../plan/release-plan';
import { aCommit, aPlannedCommit, changelogOf, defaultChangelog, someFacts } from '../plan/testing/builders';
import { renderChangelog } from './render-changelog';

const render = (commits: PlannedCommit[], options: ChangelogOptions = defaultChangelog()) =>
  renderChangelog({ product: 'checkout', version: '0.2.0', date: '2024-05-01', commits }, options);
const short = (commit: PlannedCommit) => commit.shortSha;
const headings = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('#'));

describe('renderChangelog (conventional-changelog-writer, conventionalcommits preset)', () => {
  it('groups commits in a fixed order under the version and date, and omits empty groups', async () => {
    const fix = aPlannedCommit('fix(cart): rounding', ['checkout']);
    const breaking = aPlannedCommit('feat(cart)!: new totals', ['checkout']);
    const perf = aPlannedCommit('perf: faster', ['checkout']);
    const feat = aPlannedCommit('feat: coupons', ['checkout']);
    expect(await render([fix, breaking, perf, feat])).toBe(
      [
        '## 0.2.0 (2024-05-01)',
        '',
        '### ⚠ Breaking changes',
        '',
        '* **cart:** new totals',
        '',
        '### Features',
        '',
        `* **cart:** new totals ${short(breaking)}`,
        `* coupons ${short(feat)}`,
        '',
        '### Bug fixes',
        '',
        `* **cart:** rounding ${short(fix)}`,
        '',
        '### Performance',
        '',
        `* faster ${short(perf)}`,
        '',
      ].join('\n'),
    );
  });

  it('puts counted commits of unlisted types and non-conventional commits under Other changes', async () => {
    const chore = aPlannedCommit('chore: deps', ['checkout']);
    const plain = aPlannedCommit('Update prices', ['checkout']);
    expect(await render([chore, plain])).toContain(`### Other changes\n\n* deps ${short(chore)}\n* Update prices ${short(plain)}\n`);
  });

  it('names the dependency a change came through ("via ui")', async () => {
    const commit = aPlannedCommit('feat(ui): add Button', ['ui']);
    expect(await render([commit])).toContain(`* **ui:** add Button ${short(commit)}`);
  });

  it('keeps a scope that differs from the dependency', async () => {
    const commit = aPlannedCommit('fix(button): focus ring', ['ui']);
    expect(await render([commit])).toContain(`* **ui (button):** focus ring ${short(commit)}`);
  });

  it('does not prefix a change that also touches the product', async () => {
    const commit = aPlannedCommit('fix: totals', ['checkout', 'ui']);
    expect(await render([commit])).toContain(`* totals ${short(commit)}`);
  });

  it('writes a breaking footer note under the breaking heading, labelled with where it came from', async () => {
    const commit = aPlannedCommit('feat: theme\n\nBREAKING CHANGE: --primary is now --accent', ['ui']);
    expect(await render([commit])).toContain('### ⚠ Breaking changes\n\n* **ui:** --primary is now --accent\n');
  });

  it('keeps issue references as plain text (tagdeploy does not know the repository address)', async () => {
    expect(await render([aPlannedCommit('fix: rounding #12', ['checkout'])])).toContain('* rounding #12 ');
  });

  it('is only the heading when no commit is given', async () => {
    expect(await render([])).toBe('## 0.2.0 (2024-05-01)\n');
  });

  it('renders the same input to the same bytes', async () => {
    const commits = [aPlannedCommit('fix: a', ['checkout']), aPlannedCommit('feat: b', ['ui'])];
    expect(await render(commits)).toBe(await render(structuredClone(commits)));
  });

  describe('with a custom types list', () => {
    const commits = [
      aPlannedCommit('feat: coupons', ['checkout']),
      aPlannedCommit('fix: rounding', ['checkout']),
      aPlannedCommit('docs: readme', ['checkout']),
      aPlannedCommit('chore: deps', ['checkout']),
    ];
    const types = [
      { type: 'feat', section: 'New' },
      { type: 'fix', section: 'Fixed' },
      { type: 'docs', section: 'Documentation' },
      { type: 'chore', hidden: true },
    ];

    it('renames sections and hides hidden types, in the order listed', async () => {
      const markdown = await render(commits, defaultChangelog({ types }));
      expect(headings(markdown)).toEqual(['## 0.2.0 (2024-05-01)', '### New', '### Fixed', '### Documentation']);
      expect(markdown).not.toContain('deps');
    });

    it('orders sections as the list does', async () => {
      const reversed = [...types].reverse();
      expect(headings(await render(commits, defaultChangelog({ types: reversed })))).toEqual(['## 0.2.0 (2024-05-01)', '### Documentation', '### Fixed', '### New']);
    });

    it('still shows the breaking note of a hidden type', async () => {
      const breaking = aPlannedCommit('chore!: drop node 18', ['checkout']);
      const markdown = await render([breaking], defaultChangelog({ types }));
      expect(markdown).toBe('## 0.2.0 (2024-05-01)\n\n### ⚠ Breaking changes\n\n* drop node 18\n');
    });

    it('lists a counted revert under Other changes when "revert" is not listed', async () => {
      const revert = aPlannedCommit('Revert "feat: coupons"', ['checkout'], { reverts: { shortSha: 'abc1234', subject: 'feat: coupons', inRelease: false } });
      expect(await render([revert], defaultChangelog({ types }))).toContain(`### Other changes\n\n* feat: coupons (reverts abc1234) ${short(revert)}`);
    });
  });
});

describe("a release plan's changelog", () => {
  it("follows the facts' changelog settings", async () => {
    const commits = [aCommit('feat: coupons', ['apps/checkout/a.ts']), aCommit('fix: rounding', ['apps/checkout/a.ts'])];
    const changelog = defaultChangelog({ types: [{ type: 'feat', section: 'New' }, { type: 'fix', hidden: true }] });
    const markdown = await changelogOf(someFacts({ commits, changelog }));
    expect(markdown).toBe(`## 0.1.0 (2024-05-01)\n\n### New\n\n* coupons ${commits[0].sha.slice(0, 7)}\n`);
  });

  it('is empty when there is nothing to release', async () => {
    expect(await changelogOf(someFacts({ commits: [] }))).toBe('');
  });
});
