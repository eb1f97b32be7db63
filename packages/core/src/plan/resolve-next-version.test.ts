import { describe, expect, it } from 'vitest';
import { resolveNextVersion, type NextVersionInput } from './resolve-next-version';
import { errorOf } from './testing/builders';

const next = (input: Partial<NextVersionInput>) => resolveNextVersion({ lastVersion: '1.2.3', bump: 'patch', ...input });

describe('resolveNextVersion', () => {
  it.each([
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'major', '2.0.0'],
    ['0.2.0-rc.1', 'minor', '0.2.0'],
    ['0.2.0-rc.1', 'major', '1.0.0'],
  ] as const)('bumps %s by %s to %s', (lastVersion, bump, version) => {
    expect(next({ lastVersion, bump })).toEqual({ version, reason: 'bump', bump });
  });

  describe('first release', () => {
    it('starts at the package.json version', () => {
      expect(next({ lastVersion: null, packageVersion: '1.0.0' })).toEqual({ version: '1.0.0', reason: 'first-release', bump: null });
    });

    it.each([undefined, 'not-a-version', 'v1.0.0', '0.0.0-development '])('starts at 0.1.0 when package.json has %j', (packageVersion) => {
      expect(next({ lastVersion: null, packageVersion }).version).toBe('0.1.0');
    });

    it('ignores existing tags when asked to', () => {
      expect(next({ lastVersion: '3.0.0', firstRelease: true, packageVersion: '4.0.0' }).version).toBe('4.0.0');
    });

    it('gives way to an exact --release-as', () => {
      expect(next({ lastVersion: null, packageVersion: '1.0.0', releaseAs: '2.0.0' })).toEqual({ version: '2.0.0', reason: 'release-as', bump: null });
    });

    it('starts a prerelease line with --preid', () => {
      expect(next({ lastVersion: null, preid: 'rc' }).version).toBe('0.1.0-rc.0');
    });
  });

  describe('--release-as', () => {
    it.each([
      ['major', '2.0.0'],
      ['minor', '1.3.0'],
      ['patch', '1.2.4'],
      ['prerelease', '1.2.4-0'],
    ] as const)('%s overrides the commits (1.2.3 to %s)', (releaseAs, version) => {
      expect(next({ bump: 'major', releaseAs })).toEqual({ version, reason: 'release-as', bump: releaseAs });
    });

    it('prerelease with --preid continues the line', () => {
      expect(next({ lastVersion: '2.0.0-rc.0', releaseAs: 'prerelease', preid: 'rc' }).version).toBe('2.0.0-rc.1');
    });

    it('takes an exact version', () => {
      expect(next({ releaseAs: '1.5.0-beta.2' })).toEqual({ version: '1.5.0-beta.2', reason: 'release-as', bump: null });
    });

    it.each(['huge', 'v2.0.0', '2.0', ''])('rejects %j with BAD_RELEASE_AS and the fix', (releaseAs) => {
      const error = errorOf(() => next({ releaseAs }));
      expect([error.code, error.message]).toEqual([
        'BAD_RELEASE_AS',
        `--release-as "${releaseAs}" is neither a bump kind (major, minor, patch, prerelease) nor a semver version. Use e.g. --release-as=minor or --release-as=1.2.0.`,
      ]);
    });

    it.each(['1.2.3', '1.0.0', '1.2.3-rc.0'])('rejects %s, which is not greater than the last release 1.2.3', (releaseAs) => {
      const error = errorOf(() => next({ releaseAs }));
      expect(error.code).toBe('BAD_RELEASE_AS');
      expect(error.message).toContain(`--release-as ${releaseAs} is not greater than the last release 1.2.3`);
    });
  });

  describe('--preid', () => {
    it.each([
      ['0.1.0', 'minor', '0.2.0-rc.0'],
      ['0.1.0', 'patch', '0.1.1-rc.0'],
      ['1.2.3', 'major', '2.0.0-rc.0'],
      ['0.2.0-rc.0', 'minor', '0.2.0-rc.1'],
      ['0.2.0-rc.0', 'patch', '0.2.0-rc.1'],
      ['0.2.0-rc.1', 'major', '1.0.0-rc.0'],
      ['0.1.1-rc.0', 'minor', '0.2.0-rc.0'],
      ['0.2.0-beta.3', 'minor', '0.2.0-rc.0'],
    ] as const)('with rc, goes from %s by %s to %s', (lastVersion, bump, version) => {
      expect(next({ lastVersion, bump, preid: 'rc' }).version).toBe(version);
    });

    it('refuses a preid that would go backwards', () => {
      const error = errorOf(() => next({ lastVersion: '0.2.0-rc.0', bump: 'minor', preid: 'beta' }));
      expect([error.code, error.message]).toEqual([
        'BAD_RELEASE_AS',
        '--preid beta would give 0.2.0-beta.0, which is not above the last release 0.2.0-rc.0. Use a preid that sorts after "rc", or release without --preid.',
      ]);
    });
  });
});
