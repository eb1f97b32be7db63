import { describe, expect, it } from 'vitest';
import { buildReleasePlan } from './build-release-plan';
import type { AbandonedVersion, ReleaseFacts, ReleaseRequest } from './release-plan';
import { aCommit, aTag, errorOf, headSha, someFacts } from './testing/builders';

const sealedAt = 'a'.repeat(40);
const abandonedAt = 'b'.repeat(40);
const plan = (facts: Partial<ReleaseFacts>, request: Partial<ReleaseRequest> = {}) => buildReleasePlan(someFacts(facts), { product: 'checkout', ...request });
const gone = (version: string): AbandonedVersion => ({ version, tag: `checkout@${version}`, note: 'abandoned by ana on 2026-12-02 (store refuses a file name)' });

/** checkout 0.1.0 sealed; 0.2.0 claimed and abandoned; the commits read start at 0.1.0. */
const pastAbandoned = (commits: ReleaseFacts['commits'], extra: Partial<ReleaseFacts> = {}): Partial<ReleaseFacts> => ({
  tags: [aTag('checkout@0.2.0', abandonedAt), aTag('checkout@0.1.0', sealedAt)],
  sealedVersions: ['0.1.0'],
  abandoned: [gone('0.2.0')],
  commits,
  ...extra,
});

describe('buildReleasePlan past an abandoned release', () => {
  it('takes the version after the abandoned one, from the last sealed release, and says what it skips', () => {
    const result = plan(pastAbandoned([aCommit('fix: a file name the store takes', ['apps/checkout/a.ts']), aCommit('feat: wallet', ['apps/checkout/b.ts'])]));
    expect(result).toMatchObject({ status: 'release', version: '0.3.0', tag: 'checkout@0.3.0', previous: { version: '0.1.0', tag: 'checkout@0.1.0' }, abandoned: [gone('0.2.0')] });
  });

  it('bumps above the abandoned version by the bump its commits ask for (a fix after an abandoned minor)', () => {
    expect(plan(pastAbandoned([aCommit('fix: x', ['apps/checkout/a.ts'])])).version).toBe('0.2.1');
  });

  it('skips several abandoned releases in a row', () => {
    const facts = pastAbandoned([aCommit('fix: x', ['apps/checkout/a.ts'])], {
      tags: [aTag('checkout@0.2.1', abandonedAt), aTag('checkout@0.2.0', abandonedAt), aTag('checkout@0.1.0', sealedAt)],
      abandoned: [gone('0.2.1'), gone('0.2.0')],
    });
    expect(plan(facts)).toMatchObject({ version: '0.2.2', previous: { version: '0.1.0' }, abandoned: [gone('0.2.1'), gone('0.2.0')] });
  });

  it('plans a new version at the very commit of the abandoned tag, instead of resuming it', () => {
    const result = plan(pastAbandoned([aCommit('feat: x', ['apps/checkout/a.ts'], { sha: headSha })], { tags: [aTag('checkout@0.2.0', headSha), aTag('checkout@0.1.0', sealedAt)] }));
    expect(result).toMatchObject({ status: 'release', version: '0.3.0' });
  });

  it('releases after an abandoned first release (no sealed release at all)', () => {
    const result = plan({ tags: [aTag('checkout@0.1.0', abandonedAt)], abandoned: [gone('0.1.0')], commits: [aCommit('chore: retry', ['apps/checkout/a.ts'])] });
    expect(result).toMatchObject({ status: 'release', version: '0.1.1', previous: null });
  });

  it('refuses --release-as at or below the abandoned version, naming it', () => {
    const error = errorOf(() => plan(pastAbandoned([aCommit('fix: x', ['apps/checkout/a.ts'])]), { releaseAs: '0.2.0' }));
    expect([error.code, error.message]).toEqual([
      'BAD_RELEASE_AS',
      '--release-as 0.2.0 is not greater than the last release 0.2.0 (checkout@0.2.0, abandoned by ana on 2026-12-02 (store refuses a file name)). Use a version above 0.2.0, or omit --release-as.',
    ]);
  });

  it('shows nothing to release when no commit counts, without losing the abandoned ones', () => {
    const result = plan(pastAbandoned([aCommit('docs: x', ['apps/checkout/README.md'])]));
    expect(result).toMatchObject({ status: 'nothing-to-release', previous: { version: '0.1.0' }, abandoned: [gone('0.2.0')] });
  });
});
