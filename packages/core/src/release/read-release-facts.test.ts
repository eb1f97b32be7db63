// What a release reads from git, in real clones of a remote that holds checkout 0.1.0 and 0.1.1:
// the remote's tags count even when this clone lacks them, and a clone that lacks history says
// so (dry runs; the real releases are in check-release-preconditions.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReleasePlan } from '../plan/release-plan';
import { createProductClones, type ProductClones } from '../git/testing/product-clones';
import type { TempRepo } from '../git/testing/git-fixture';

let clones: ProductClones;
beforeEach(async () => {
  clones = await createProductClones();
});
afterEach(() => clones.cleanup());

async function dryRun(repo: TempRepo, request: Parameters<ProductClones['release']>[0] = {}) {
  const { result, text } = await clones.release({ dryRun: true, ...request }, repo);
  return { plan: result as ReleasePlan, text };
}

describe('readReleaseFacts in real clones', () => {
  it('a full clone: tags here and on the remote agree, nothing to say', async () => {
    const clone = clones.clone();
    clones.change(clone, 'feat(checkout): coupons');
    const { plan, text } = await dryRun(clone);
    expect(plan).toMatchObject({ status: 'release', version: '0.2.0', previous: { tag: 'checkout@0.1.1' } });
    expect(plan.clone).toEqual({ remote: 'origin', remoteError: null, remoteOnly: [], localOnly: [], diverged: [], shallow: false, history: 'complete', fetch: null });
    expect(text.split('\n')).toHaveLength(3);
  });

  it('a --depth 1 clone: plans above the remote 0.1.1, not a first release, and names the fetch', async () => {
    clones.change(clones.upstream, 'feat(checkout): coupons');
    const clone = clones.clone(['--depth', '1']);
    const { plan, text } = await dryRun(clone);
    expect(plan).toMatchObject({ status: 'release', reason: 'bump', version: '0.2.0', previous: { tag: 'checkout@0.1.1' } });
    expect(plan.clone).toMatchObject({ shallow: true, history: 'missing', remoteOnly: ['checkout@0.1.1', 'checkout@0.1.0'], fetch: 'git fetch --unshallow --tags origin' });
    expect(text).toContain('Run "git fetch --unshallow --tags origin" first: a release refuses to tag without them.');
  });

  it('a --depth 1 clone at the last release: the tag comes with the clone, already released', async () => {
    const clone = clones.clone(['--depth', '1']);
    const { plan } = await dryRun(clone);
    expect(plan).toMatchObject({ status: 'already-released', tag: 'checkout@0.1.1', clone: { shallow: true, remoteOnly: ['checkout@0.1.0'] } });
  });

  it('a shallow clone deep enough to hold the last release: complete, nothing to fetch for history', async () => {
    clones.change(clones.upstream, 'feat(checkout): coupons');
    const clone = clones.clone(['--depth', '3']);
    clone.git('fetch', '-q', '--tags', 'origin');
    const { plan } = await dryRun(clone);
    expect(plan).toMatchObject({ version: '0.2.0', clone: { shallow: true, history: 'complete', fetch: null } });
    expect(plan.commits.map((c) => c.subject)).toEqual(['coupons']);
  });

  it('a shallow clone with the tags but cut in between: shallow', async () => {
    clones.change(clones.upstream, 'feat(checkout): coupons');
    clones.change(clones.upstream, 'docs(checkout): readme');
    const clone = clones.clone(['--depth', '1']);
    clone.git('fetch', '-q', '--depth', '1', 'origin', 'refs/tags/checkout@0.1.1:refs/tags/checkout@0.1.1');
    const { plan } = await dryRun(clone, { releaseAs: 'minor' });
    expect(plan.clone).toMatchObject({ shallow: true, history: 'shallow', remoteOnly: ['checkout@0.1.0'], fetch: 'git fetch --unshallow --tags origin' });
  });

  it('a --no-tags clone: versions from the remote, the whole history here', async () => {
    clones.change(clones.upstream, 'fix(checkout): rounding');
    const clone = clones.clone(['--no-tags']);
    expect(clone.git('tag', '--list')).toBe('');
    const { plan, text } = await dryRun(clone);
    expect(plan).toMatchObject({ status: 'release', version: '0.1.2', clone: { history: 'complete', remoteOnly: ['checkout@0.1.1', 'checkout@0.1.0'], fetch: 'git fetch --tags origin' } });
    expect(plan.commits.map((c) => c.subject)).toEqual(['rounding']);
    expect(text).toContain('release tags read from origin, not in this clone: checkout@0.1.1, checkout@0.1.0 (to fetch them: git fetch --tags origin).');
  });

  it('a clone whose remote gained a newer release: that release counts, its commit is missing', async () => {
    const clone = clones.clone();
    clones.change(clones.upstream, 'fix(checkout): rounding');
    await clones.release();
    clones.change(clone, 'feat(checkout): mine');
    const { plan } = await dryRun(clone);
    expect(plan).toMatchObject({ version: '0.2.0', previous: { tag: 'checkout@0.1.2' }, clone: { history: 'missing', remoteOnly: ['checkout@0.1.2'], fetch: 'git fetch --tags origin' } });
  });

  it('a remote that cannot be read: says so, and rests on the local tags', async () => {
    const clone = clones.clone();
    clone.git('remote', 'set-url', 'origin', `${clones.remote.dir}-gone`);
    clones.change(clone, 'fix(checkout): offline');
    const { plan, text } = await dryRun(clone);
    expect(plan).toMatchObject({ version: '0.1.2', clone: { remoteError: expect.stringMatching(/does not appear to be a git repository/), localOnly: [] } });
    expect(text).toMatch(/origin could not be read \(.*\): versions were checked against this clone's tags only\./);
  });

  it('a tag made here and never pushed is "tagged locally, not pushed"', async () => {
    const clone = clones.clone();
    clones.change(clone, 'fix(checkout): local');
    clone.git('tag', '-a', 'checkout@0.1.2', '-m', 'local');
    const { plan, text } = await dryRun(clone);
    expect(plan).toMatchObject({ status: 'resume', clone: { localOnly: ['checkout@0.1.2'] } });
    expect(text).toBe('checkout: checkout@0.1.2 was tagged locally, not pushed to origin but not sealed; this run finishes it (build, publish what is missing, seal).');
  });

  it('a tag that differs here from the remote: the remote counts, and the note says so', async () => {
    const clone = clones.clone();
    clone.git('tag', '-f', '-a', 'checkout@0.1.1', '-m', 'moved', 'HEAD~1');
    clones.change(clone, 'fix(checkout): after');
    const { plan, text } = await dryRun(clone);
    expect(plan).toMatchObject({ version: '0.1.2', previous: { commit: clones.remote.git('rev-parse', 'checkout@0.1.1^{commit}') }, clone: { diverged: ['checkout@0.1.1'], fetch: 'git fetch --tags --force origin' } });
    expect(text).toContain("tags at another commit here than on origin (origin's count): checkout@0.1.1.");
  });

  describe('reverts, read from git', () => {
    it('a git revert of a released feat counts as a feat and names it', async () => {
      const feat = clones.upstream.git('rev-parse', 'checkout@0.1.0^{commit}');
      clones.upstream.git('revert', '--no-edit', feat);
      const { plan, text } = await dryRun(clones.upstream);
      expect(plan).toMatchObject({ version: '0.2.0', bump: 'minor' });
      expect(plan.commits[0].reverts).toEqual({ shortSha: feat.slice(0, 7), subject: 'feat(checkout): cart', inRelease: false });
      expect(text).toContain(`[minor, via checkout; reverts ${feat.slice(0, 7)} (feat(checkout): cart)]`);
    });

    it('a feat and its git revert in the same range cancel: nothing to release', async () => {
      const feat = clones.change(clones.upstream, 'feat(checkout): coupons');
      clones.upstream.git('revert', '--no-edit', feat);
      const { plan, text } = await dryRun(clones.upstream);
      expect([plan.status, plan.commits.map((c) => c.counts)]).toEqual(['nothing-to-release', [false, false]]);
      expect(text).toContain(`reverted by ${clones.upstream.git('rev-parse', '--short=7', 'HEAD')} in this same release`);
    });

    it('a revert of the revert brings the feat back', async () => {
      const feat = clones.change(clones.upstream, 'feat(checkout): coupons');
      clones.upstream.git('revert', '--no-edit', feat);
      clones.upstream.git('revert', '--no-edit', 'HEAD');
      const { plan } = await dryRun(clones.upstream);
      expect([plan.version, plan.commits.map((c) => c.counts)]).toEqual(['0.2.0', [false, false, true]]);
    });
  });
});
