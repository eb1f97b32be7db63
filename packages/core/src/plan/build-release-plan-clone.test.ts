// The plan against the remote: versions are compared with the remote's tags too, never only
// this clone's; a clone that lacks tags or history says what to fetch; a tag that was never
// pushed is never called claimed.
import { describe, expect, it } from 'vitest';
import { buildReleasePlan } from './build-release-plan';
import type { CloneFacts, ReleaseFacts, ReleaseRequest } from './release-plan';
import { aClone, aCommit, aTag, errorOf, headSha, someFacts } from './testing/builders';

const old = 'a'.repeat(40);
const newer = 'b'.repeat(40);
const fix = [aCommit('fix(cart): totals', ['apps/checkout/src/cart.ts'])];
const plan = (facts: Partial<ReleaseFacts>, request: Partial<ReleaseRequest> = {}) =>
  buildReleasePlan(someFacts({ commits: fix, ...facts }), { product: 'checkout', ...request });
/** checkout 0.1.0 here and on origin; 0.1.1 only on origin (released from another clone), both sealed. */
const remoteGained = (clone: Partial<CloneFacts> = {}): Partial<ReleaseFacts> => ({
  tags: [aTag('checkout@0.1.0', old), aTag('checkout@0.1.1', newer)],
  sealedVersions: ['0.1.1'],
  clone: aClone({ remoteOnly: ['checkout@0.1.1'], ...clone }),
});

describe('buildReleasePlan against the remote', () => {
  describe("the remote's tags count", () => {
    it('releases above a version that only the remote has', () => {
      expect(plan(remoteGained())).toMatchObject({ status: 'release', version: '0.1.2', previous: { tag: 'checkout@0.1.1', commit: newer } });
    });

    it.each(['0.0.5', '0.1.0', '0.1.1'])('refuses --release-as=%s, not above the remote 0.1.1, and says where 0.1.1 is', (version) => {
      const error = errorOf(() => plan(remoteGained(), { releaseAs: version }));
      expect([error.code, error.message]).toEqual([
        'BAD_RELEASE_AS',
        `--release-as ${version} is not greater than the last release 0.1.1 (checkout@0.1.1, claimed on origin; not in this clone). Use a version above 0.1.1, or omit --release-as.`,
      ]);
    });

    it('accepts --release-as above the remote', () => {
      expect(plan(remoteGained(), { releaseAs: '0.2.0' })).toMatchObject({ status: 'release', version: '0.2.0' });
    });

    it('does not plan a first release when only the remote has the tags', () => {
      const facts = { tags: [aTag('checkout@0.1.1', newer)], sealedVersions: ['0.1.1'], clone: aClone({ remoteOnly: ['checkout@0.1.1'] }) };
      expect(plan(facts)).toMatchObject({ status: 'release', reason: 'bump', version: '0.1.2' });
    });

    it.each([
      ['package.json 0.1.0', { packageVersion: '0.1.0' }, {}],
      ['no package.json version', {}, {}],
      ['--release-as=0.1.1', {}, { releaseAs: '0.1.1' }],
    ])('refuses --first-release below the remote (%s) without advising to delete a release', (_, facts, request) => {
      const error = errorOf(() => plan({ ...remoteGained(), ...facts }, { firstRelease: true, ...request }));
      expect(error.code).toBe('NOT_FIRST_RELEASE');
      expect(error.message).toContain('already has releases up to 0.1.1 (checkout@0.1.1, sealed, claimed on origin; not in this clone). Keep them:');
      expect(error.message).not.toMatch(/git tag -d|delete/i);
    });

    it('allows --first-release for a new baseline above every release', () => {
      expect(plan(remoteGained(), { firstRelease: true, releaseAs: '1.0.0' })).toMatchObject({ status: 'release', version: '1.0.0', reason: 'release-as' });
    });

    it('leaves a release that someone else claimed on the remote at this commit to them (claimed-elsewhere, not resumed here)', () => {
      const facts = { tags: [aTag('checkout@0.1.0', headSha)], clone: aClone({ remoteOnly: ['checkout@0.1.0'] }) };
      expect(plan(facts)).toMatchObject({ status: 'claimed-elsewhere', version: '0.1.0', tag: 'checkout@0.1.0', reason: 'existing-tag' });
    });

    it('reports already released when the remote has this commit sealed', () => {
      const facts = { tags: [aTag('checkout@0.1.0', headSha)], sealedVersions: ['0.1.0'], clone: aClone({ remoteOnly: ['checkout@0.1.0'] }) };
      expect(plan(facts).status).toBe('already-released');
    });

    it('says to fetch the tag before finishing an unsealed release that only the remote has', () => {
      const error = errorOf(() => plan({ ...remoteGained(), sealedVersions: [] }));
      expect([error.code, error.message]).toEqual([
        'UNSEALED_RELEASE',
        'checkout@0.1.1 was claimed on origin; not in this clone but never sealed (its release.json is missing). Finish it first: git fetch --tags origin && git switch --detach checkout@0.1.1 && ⟦release checkout --allow-branch⟧, then switch back; or, if it can never be sealed, abandon it (the tag stays, the next release takes the next version): ⟦abandon checkout --release=0.1.1⟧.',
      ]);
    });
  });

  describe('a tag that was never pushed', () => {
    const unsealed = (clone: CloneFacts) => ({ tags: [aTag('checkout@0.1.0', old)], clone });

    // Abandoning is offered where the tag may claim the version: not for one the remote lacks.
    const abandon = '; or, if it can never be sealed, abandon it (the tag stays, the next release takes the next version): ⟦abandon checkout --release=0.1.0⟧';
    it.each([
      ['--no-push', aClone({ localOnly: ['checkout@0.1.0'] }), 'tagged locally, not pushed to origin', ''],
      ['no remote', aClone({ remote: null, localOnly: ['checkout@0.1.0'] }), 'tagged locally (there is no remote to push to)', abandon],
      ['an unreadable remote', aClone({ remoteError: 'fatal: unable to access', localOnly: [] }), 'tagged locally (origin could not be read to tell whether it was pushed)', abandon],
    ])('is not called claimed (%s)', (_, clone, state, way) => {
      const error = errorOf(() => plan(unsealed(clone)));
      expect(error.message).toBe(`checkout@0.1.0 was ${state} but never sealed (its release.json is missing). Finish it first: git switch --detach checkout@0.1.0 && ⟦release checkout --allow-branch⟧, then switch back${way}.`);
      expect(error.message).not.toContain('claimed');
    });

    it('is resumed at HEAD', () => {
      const facts = { tags: [aTag('checkout@0.1.0', headSha)], clone: aClone({ localOnly: ['checkout@0.1.0'] }) };
      expect(plan(facts)).toMatchObject({ status: 'resume', clone: { localOnly: ['checkout@0.1.0'] } });
    });
  });

  describe('a clone without the whole history since the last release', () => {
    it.each<[string, Partial<CloneFacts>, string]>([
      [
        'shallow',
        { shallow: true, history: 'shallow' },
        'This clone is shallow (git clone --depth): the history of checkout since checkout@0.1.1 is cut short, so tagdeploy cannot see every commit that counts for it. Run "git fetch --unshallow --tags origin", then release again.',
      ],
      [
        'without the commit of the last release',
        { remoteOnly: ['checkout@0.1.1'], history: 'missing' },
        'The commit of checkout@0.1.1 (a tag of origin) is not in this clone, so tagdeploy cannot see every commit that counts for it. Run "git fetch --tags origin", then release again.',
      ],
    ])('never concludes "nothing to release" (%s)', (_, clone, message) => {
      const error = errorOf(() => plan({ ...remoteGained(), clone: aClone(clone), commits: [aCommit('docs: x', ['apps/checkout/README.md'])] }));
      expect([error.code, error.message]).toEqual(['HISTORY_INCOMPLETE', message]);
    });

    it('still plans a release, whose clone facts the real release refuses on', () => {
      expect(plan({ ...remoteGained(), clone: aClone({ shallow: true, history: 'shallow' }) })).toMatchObject({ status: 'release', version: '0.1.2', clone: { history: 'shallow' } });
    });
  });

  describe('what the clone lacks, and the command that fetches it', () => {
    it.each<[string, Partial<CloneFacts>, string | null]>([
      ['a full clone with every tag', {}, null],
      ['tags only the remote has', { remoteOnly: ['checkout@0.1.1'] }, 'git fetch --tags origin'],
      ['the last release commit missing', { remoteOnly: ['checkout@0.1.1'], history: 'missing' }, 'git fetch --tags origin'],
      ['a shallow clone cut inside the range', { shallow: true, history: 'shallow' }, 'git fetch --unshallow --tags origin'],
      ['a shallow clone missing the tag commit', { shallow: true, history: 'missing', remoteOnly: ['checkout@0.1.1'] }, 'git fetch --unshallow --tags origin'],
      ['a shallow clone that holds the whole range', { shallow: true }, null],
      ['a tag at another commit here', { diverged: ['checkout@0.1.0'] }, 'git fetch --tags --force origin'],
      ['another remote name', { remote: 'upstream', remoteOnly: ['checkout@0.1.1'] }, 'git fetch --tags upstream'],
      ['no remote to fetch from', { remote: null, shallow: true, history: 'shallow' }, null],
    ])('%s', (_, clone, fetch) => {
      expect(plan({ ...remoteGained(), clone: aClone(clone) }).clone).toEqual({ ...aClone(clone), fetch });
    });
  });
});
