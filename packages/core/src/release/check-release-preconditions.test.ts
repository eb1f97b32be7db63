// Real releases in real clones of a remote that holds checkout 0.1.0 and 0.1.1 (sealed): a
// version at or below one on the remote is never released, a clone without the history since
// the last release is refused with the exact git command, and after that command the release
// goes through. Every refusal changes nothing: tags here and on the remote, the store, HEAD.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTagdeployError, type TagdeployError } from '../errors/tagdeploy-error';
import { GitCli } from '../git/git-cli';
import { createProductClones, type ProductClones } from '../git/testing/product-clones';
import type { TempRepo } from '../git/testing/git-fixture';
import type { ReleasePlan } from '../plan/release-plan';
import { FileStore } from '../store/file-store';
import type { ReleaseOutcome } from './apply-release-plan';
import { checkReleasePreconditions } from './check-release-preconditions';

let clones: ProductClones;
beforeEach(async () => {
  clones = await createProductClones();
});
afterEach(() => clones.cleanup());

type Request = Parameters<ProductClones['release']>[0];

async function refusal(repo: TempRepo, request: Request): Promise<TagdeployError> {
  const before = clones.state(repo);
  const error = await clones.release(request, repo).then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(clones.state(repo)).toEqual(before);
  return error;
}

async function released(repo: TempRepo, request: Request = {}): Promise<ReleaseOutcome> {
  return (await clones.release(request, repo)).result as ReleaseOutcome;
}

/** Runs the git command an error names (`Run "git fetch ..."`) in the clone, as a user would. */
function runTheFix(repo: TempRepo, error: TagdeployError): void {
  const command = /Run "(git [^"]+)"/.exec(error.message)?.[1];
  if (!command) throw new Error(`no command in: ${error.message}`);
  repo.git(...command.split(' ').slice(1));
}

const shallowMessage =
  'The commit of checkout@0.1.1 (a tag of origin) is not in this clone, so tagdeploy cannot see every commit that counts for it. Run "git fetch --unshallow --tags origin", then release again.';

describe('releasing against the remote', () => {
  describe('a --depth 1 clone (the tags are not there)', () => {
    let clone: TempRepo;
    beforeEach(() => {
      clones.change(clones.upstream, 'feat(checkout): coupons');
      clone = clones.clone(['--depth', '1']);
    });

    it.each<[string, Request, string, string | RegExp]>([
      ['a plain release', {}, 'HISTORY_INCOMPLETE', shallowMessage],
      ['--release-as a version below the remote', { releaseAs: '0.0.5' }, 'BAD_RELEASE_AS', /--release-as 0\.0\.5 is not greater than the last release 0\.1\.1 \(checkout@0\.1\.1, claimed on origin; not in this clone\)/],
      ['--release-as the version on the remote', { releaseAs: '0.1.1' }, 'BAD_RELEASE_AS', /not greater than the last release 0\.1\.1/],
      ['--release-as an older version on the remote', { releaseAs: '0.1.0' }, 'BAD_RELEASE_AS', /not greater than the last release 0\.1\.1/],
      ['--release-as a version above', { releaseAs: '0.5.0' }, 'HISTORY_INCOMPLETE', shallowMessage],
      ['--release-as a bump kind', { releaseAs: 'major' }, 'HISTORY_INCOMPLETE', shallowMessage],
      ['--first-release', { firstRelease: true }, 'NOT_FIRST_RELEASE', /already has releases up to 0\.1\.1 .*Keep them: release without --first-release/],
      ['--no-push', { push: false }, 'HISTORY_INCOMPLETE', shallowMessage],
    ])('refuses %s, and changes nothing', async (_, request, code, message) => {
      const error = await refusal(clone, request);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
      expect(error.message).not.toMatch(/git tag -d|delete/i);
    });

    it('releases the next version once the named command has run, with every commit since 0.1.1', async () => {
      runTheFix(clone, await refusal(clone, {}));
      const outcome = await released(clone);
      expect([outcome.status, outcome.plan.version, outcome.plan.commits.map((c) => c.subject)]).toEqual(['released', '0.2.0', ['coupons']]);
      expect(clones.remote.git('tag', '--list')).toBe('checkout@0.1.0\ncheckout@0.1.1\ncheckout@0.2.0');
    });

    it('is refused when the clone is cut between the release and HEAD, and converges', async () => {
      clones.change(clones.upstream, 'docs(checkout): readme');
      const deeper = clones.clone(['--depth', '1']);
      deeper.git('fetch', '-q', '--depth', '1', 'origin', 'refs/tags/checkout@0.1.1:refs/tags/checkout@0.1.1');
      const error = await refusal(deeper, { releaseAs: 'minor' });
      expect([error.code, error.message]).toEqual([
        'HISTORY_INCOMPLETE',
        'This clone is shallow (git clone --depth): the history of checkout since checkout@0.1.1 is cut short, so tagdeploy cannot see every commit that counts for it. Run "git fetch --unshallow --tags origin", then release again.',
      ]);
      runTheFix(deeper, error);
      expect((await released(deeper)).plan).toMatchObject({ version: '0.2.0', bump: 'minor' });
    });

    it('releases from a shallow clone that holds the whole range', async () => {
      const deep = clones.clone(['--depth', '2']);
      expect((await released(deep)).plan).toMatchObject({ version: '0.2.0', clone: { shallow: true, history: 'complete' } });
    });
  });

  describe('a --no-tags clone (full history, no tags)', () => {
    let clone: TempRepo;
    beforeEach(() => {
      clones.change(clones.upstream, 'fix(checkout): rounding');
      clone = clones.clone(['--no-tags']);
    });

    it.each<[string, Request, string]>([
      ['--release-as 0.0.5', { releaseAs: '0.0.5' }, 'BAD_RELEASE_AS'],
      ['--release-as 0.1.1', { releaseAs: '0.1.1' }, 'BAD_RELEASE_AS'],
      ['--first-release', { firstRelease: true }, 'NOT_FIRST_RELEASE'],
      ['--first-release --release-as 0.1.1', { firstRelease: true, releaseAs: '0.1.1' }, 'NOT_FIRST_RELEASE'],
    ])('refuses %s, and changes nothing', async (_, request, code) => {
      expect((await refusal(clone, request)).code).toBe(code);
    });

    it('releases above the remote 0.1.1 (its commit is here), not a first release', async () => {
      const outcome = await released(clone);
      expect([outcome.plan.version, outcome.plan.reason, outcome.claimedOn]).toEqual(['0.1.2', 'bump', 'origin']);
      expect(clones.remote.git('tag', '--list')).toContain('checkout@0.1.2');
    });
  });

  describe('a clone whose remote gained a newer release after the clone', () => {
    let clone: TempRepo;
    beforeEach(async () => {
      clone = clones.clone();
      clones.change(clones.upstream, 'fix(checkout): rounding');
      await released(clones.upstream);
      clones.change(clone, 'fix(checkout): mine');
    });

    it.each<[string, Request, string]>([
      ['a plain release', {}, 'HISTORY_INCOMPLETE'],
      ['--release-as the version the remote gained', { releaseAs: '0.1.2' }, 'BAD_RELEASE_AS'],
      ['--release-as the version this clone knew last', { releaseAs: '0.1.1' }, 'BAD_RELEASE_AS'],
      ['--release-as a version above', { releaseAs: '0.1.3' }, 'HISTORY_INCOMPLETE'],
      ['--first-release', { firstRelease: true }, 'NOT_FIRST_RELEASE'],
    ])('refuses %s, and changes nothing', async (_, request, code) => {
      const error = await refusal(clone, request);
      expect(error.code).toBe(code);
      if (code === 'HISTORY_INCOMPLETE') expect(error.message).toContain('Run "git fetch --tags origin"');
    });

    it('plans above the new release once the named command has run', async () => {
      runTheFix(clone, await refusal(clone, {}));
      const outcome = await released(clone, { push: false });
      expect(outcome.plan).toMatchObject({ version: '0.1.3', previous: { tag: 'checkout@0.1.2' } });
    });
  });

  describe('a remote that cannot be read', () => {
    let clone: TempRepo;
    beforeEach(() => {
      clone = clones.clone();
      clone.git('remote', 'set-url', 'origin', `${clones.remote.dir}-gone`);
      clones.change(clone, 'fix(checkout): offline');
    });

    it('refuses a release that would claim the tag there, and changes nothing', async () => {
      const error = await refusal(clone, {});
      expect(error.code).toBe('REMOTE_UNAVAILABLE');
      expect(error.message).toMatch(/^Could not read the tags of origin \(.*\), so checkout@0\.1\.2 cannot be checked against the releases there or claimed\. Check the remote's URL and access \("git ls-remote --tags origin"\), or release locally with ⟦release checkout --no-push⟧\.$/);
    });

    it('releases locally with --no-push, on the local tags, and says it was not pushed', async () => {
      const { result, text } = await clones.release({ push: false }, clone);
      expect((result as ReleaseOutcome).plan.version).toBe('0.1.2');
      expect(text).toContain('local tag only (not pushed)');
    });
  });
});

describe('a tag that was never pushed', () => {
  it('is resumed as "tagged locally, not pushed", then claimed and sealed', async () => {
    const clone = clones.clone();
    clones.change(clone, 'fix(checkout): local');
    clone.git('tag', '-a', 'checkout@0.1.2', '-m', 'unsealed');
    const outcome = await released(clone);
    expect(clones.messages[0]).toBe('checkout: checkout@0.1.2 was tagged locally, not pushed to origin but not sealed; this run finishes it (build, publish what is missing, seal).');
    expect([outcome.status, outcome.claimedOn]).toEqual(['resumed', 'origin']);
  });

  it('below HEAD is refused with how to finish it, never called claimed, and nothing changes', async () => {
    const clone = clones.clone();
    clones.change(clone, 'fix(checkout): local');
    clone.git('tag', '-a', 'checkout@0.1.2', '-m', 'unsealed');
    clones.change(clone, 'fix(checkout): later');
    const error = await refusal(clone, {});
    expect([error.code, error.message]).toEqual([
      'UNSEALED_RELEASE',
      'checkout@0.1.2 was tagged locally, not pushed to origin but never sealed (its release.json is missing). Finish it first: git switch --detach checkout@0.1.2 && ⟦release checkout --allow-branch⟧, then switch back.',
    ]);
  });
});

describe('--first-release after real releases', () => {
  it.each<[string, Request]>([
    ['alone', { firstRelease: true }],
    ['with --release-as the first version', { firstRelease: true, releaseAs: '0.1.0' }],
    ['with --no-push', { firstRelease: true, push: false }],
  ])('is refused %s, keeping every release tag', async (_, request) => {
    clones.change(clones.upstream, 'feat(checkout): coupons');
    const error = await refusal(clones.upstream, request);
    expect(error.message).toBe(
      '--first-release would release checkout 0.1.0, but checkout already has releases up to 0.1.1 (checkout@0.1.1, sealed, claimed on origin). Keep them: release without --first-release to take the next version after 0.1.1, or pick a higher one with --release-as=<version above 0.1.1>.',
    );
  });
});

describe('checkReleasePreconditions', () => {
  it('refuses a tag that appeared after planning without advising to delete it, and leaves it', async () => {
    clones.change(clones.upstream, 'fix(checkout): rounding');
    const { result } = await clones.release({ dryRun: true });
    const plan = result as ReleasePlan;
    clones.upstream.git('tag', '-a', 'checkout@0.1.2', '-m', 'someone here');
    const git = new GitCli(clones.upstream.dir);
    const error = await checkReleasePreconditions({
      plan,
      git,
      store: new FileStore(clones.storeDir, `file:${clones.storeDir}`),
      workspace: { root: clones.upstream.dir, projects: { checkout: { name: 'checkout', root: 'apps/checkout', dependencies: [], targets: ['build'] } } },
      releaseBranch: 'main',
      allowBranch: false,
      remote: 'origin',
    }).then(() => undefined, (e: unknown) => e as TagdeployError);
    expect(error?.message).toMatch(/^Tag checkout@0\.1\.2 appeared in this clone \(at [0-9a-f]{7}\) after checkout was planned: another release may be running here\. Keep the tag and run the release again/);
    expect(clones.upstream.git('tag', '--list', 'checkout@0.1.2')).toBe('checkout@0.1.2');
  });
});
