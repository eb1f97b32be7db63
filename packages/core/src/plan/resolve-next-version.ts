// The next version from the last one, the commits' bump and the user's --release-as / --preid.
import { gt, inc, major, minor, patch, prerelease } from 'semver';
import type { BumpKind } from '../config/config-schema';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { Bump, ReleasePlan } from './release-plan';
import { bumpRank } from './resolve-bump';
import { isExactSemver } from './tag-pattern';

export interface NextVersionInput {
  /** The highest released version, or null when the product has no release tag. */
  lastVersion: string | null;
  /** Where the last release is, for messages: " (checkout@0.1.1, claimed on origin)". */
  lastNote?: string;
  /** The highest bump of the counted commits. */
  bump: BumpKind | null;
  releaseAs?: string;
  preid?: string;
  packageVersion?: string;
  firstRelease?: boolean;
}

export interface NextVersion {
  version: string;
  reason: Extract<ReleasePlan['reason'], 'first-release' | 'bump' | 'release-as'>;
  bump: Bump | null;
}

const releaseAsKinds: readonly Bump[] = ['major', 'minor', 'patch', 'prerelease'];
const defaultFirstVersion = '0.1.0';

export function resolveNextVersion(input: NextVersionInput): NextVersion {
  const releaseAs = parseReleaseAs(input.releaseAs);
  const last = input.lastVersion;
  if (releaseAs?.exact) {
    if (last !== null && !gt(releaseAs.exact, last)) {
      throw new TagdeployError(
        'BAD_RELEASE_AS',
        `--release-as ${releaseAs.exact} is not greater than the last release ${last}${input.lastNote ?? ''}. Use a version above ${last}, or omit --release-as.`,
      );
    }
    return { version: releaseAs.exact, reason: 'release-as', bump: null };
  }
  if (last === null || input.firstRelease) {
    // 0.0.0 is the placeholder package managers write for "not versioned yet".
    const usable = input.packageVersion && input.packageVersion !== '0.0.0' && isExactSemver(input.packageVersion);
    const start = usable ? (input.packageVersion as string) : defaultFirstVersion;
    const version = input.preid && prerelease(start) === null ? `${start}-${input.preid}.0` : start;
    return { version, reason: 'first-release', bump: null };
  }
  if (releaseAs?.kind === 'prerelease') {
    const version = increment(last, 'prerelease', input.preid);
    return { version: aboveLast(version, last, input.preid), reason: 'release-as', bump: 'prerelease' };
  }
  // Callers stop at "nothing to release" before this unless the user forced a release.
  const bump = releaseAs?.kind ?? input.bump ?? 'patch';
  const version = input.preid ? nextPrerelease(last, bump, input.preid) : increment(last, bump);
  return { version: aboveLast(version, last, input.preid), reason: releaseAs ? 'release-as' : 'bump', bump };
}

// Only a preid that sorts before the current one ("beta" after "rc") can go backwards.
function aboveLast(version: string, last: string, preid: string | undefined): string {
  if (gt(version, last)) return version;
  throw new TagdeployError(
    'BAD_RELEASE_AS',
    `--preid ${String(preid)} would give ${version}, which is not above the last release ${last}. Use a preid that sorts after "${String(prerelease(last)?.[0])}", or release without --preid.`,
  );
}

function parseReleaseAs(value: string | undefined): { kind?: Bump; exact?: string } | null {
  if (value === undefined) return null;
  if ((releaseAsKinds as readonly string[]).includes(value)) return { kind: value as Bump };
  if (isExactSemver(value)) return { exact: value };
  throw new TagdeployError(
    'BAD_RELEASE_AS',
    `--release-as "${value}" is neither a bump kind (major, minor, patch, prerelease) nor a semver version. Use e.g. --release-as=minor or --release-as=1.2.0.`,
  );
}

function nextPrerelease(last: string, bump: BumpKind, preid: string): string {
  const current = prerelease(last);
  // 0.2.0-rc.0 already carries a minor bump: another fix or feature is rc.1, a breaking one is
  // premajor. Only a bump above the one the prerelease carries starts a new line.
  const covered = current !== null && bumpRank[bump] <= bumpRank[carriedBump(last)];
  return covered ? increment(last, 'prerelease', preid) : increment(last, `pre${bump}`, preid);
}

function carriedBump(version: string): BumpKind {
  if (patch(version) !== 0) return 'patch';
  return minor(version) !== 0 || major(version) === 0 ? 'minor' : 'major';
}

function increment(version: string, kind: Parameters<typeof inc>[1], preid?: string): string {
  // semver.inc returns null only for invalid input; every version here was validated upstream.
  const next = preid === undefined ? inc(version, kind) : inc(version, kind, preid);
  if (next === null) throw new TagdeployError('BAD_RELEASE_AS', `Cannot increment ${version} by ${kind}. Use --release-as with an exact version.`);
  return next;
}
