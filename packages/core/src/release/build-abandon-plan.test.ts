import { describe, expect, it } from 'vitest';
import type { AbandonedRelease } from './abandoned-release';
import { buildAbandonPlan, type AbandonFacts } from './build-abandon-plan';

const commit = 'c'.repeat(40);
const tag = { name: 'checkout@0.2.0', commit };
const facts = (overrides: Partial<AbandonFacts> = {}): AbandonFacts => ({
  product: 'checkout',
  version: '0.2.0',
  tag: 'checkout@0.2.0',
  localTags: [tag],
  remote: 'origin',
  remoteTags: [tag],
  sealed: false,
  abandoned: undefined,
  ...overrides,
});
const record: AbandonedRelease = { schemaVersion: 1, product: 'checkout', version: '0.2.0', tag: 'checkout@0.2.0', commit, abandonedAt: '2026-12-02T05:00:00.000Z', abandonedBy: 'ana', reason: null };
const refusal = (input: AbandonFacts) => {
  try {
    buildAbandonPlan(input);
  } catch (error) {
    return [(error as { code: string }).code, (error as Error).message];
  }
  throw new Error('expected a refusal');
};

describe('buildAbandonPlan', () => {
  it('abandons a claimed, unsealed release at the commit its tag names', () => {
    expect(buildAbandonPlan(facts())).toEqual({ status: 'abandon', product: 'checkout', version: '0.2.0', tag: 'checkout@0.2.0', commit });
  });

  it.each([
    ['only the remote has the tag', facts({ localTags: [] })],
    ['there is no remote', facts({ remote: null, remoteTags: null })],
    ['the remote could not be read', facts({ remoteTags: null })],
  ])('abandons when %s', (_, input) => {
    expect(buildAbandonPlan(input).status).toBe('abandon');
  });

  it('reports a release abandoned before as done, with who did it', () => {
    expect(buildAbandonPlan(facts({ abandoned: record }))).toMatchObject({ status: 'already-abandoned', record });
  });

  it('never abandons a sealed release, and says what to do instead', () => {
    expect(refusal(facts({ sealed: true }))).toEqual([
      'RELEASE_SEALED',
      'checkout 0.2.0 is sealed: a sealed release is never abandoned. To stop an environment running it, roll it back (⟦rollback checkout --env=<env>⟧); to ship a fix, release the next version (⟦release checkout⟧).',
    ]);
  });

  it.each([
    ['no such tag anywhere', facts({ localTags: [{ name: 'checkout@0.1.0', commit }], remoteTags: [{ name: 'checkout@0.1.0', commit }] }), 'checkout has no release 0.2.0 (no tag checkout@0.2.0 here or on origin). Its release tags: checkout@0.1.0.'],
    ['no tags at all, no remote', facts({ localTags: [], remote: null, remoteTags: null }), 'checkout has no release 0.2.0 (no tag checkout@0.2.0 here). Its release tags: (none).'],
  ])('refuses a version that was never tagged (%s), listing the tags', (_, input, message) => {
    expect(refusal(input)).toEqual(['NO_SUCH_RELEASE', message]);
  });

  it('refuses a tag that only this clone has: it claims nothing', () => {
    expect(refusal(facts({ remoteTags: [] }))).toEqual([
      'RELEASE_NOT_CLAIMED',
      'checkout@0.2.0 is only in this clone (never pushed to origin), so it claims nothing and blocks nobody else. Remove it here with "git tag -d checkout@0.2.0", then ⟦release checkout⟧.',
    ]);
  });
});
