// The bump decision: one small data-driven function (breaking > feat > fix/perf > other).
import { major } from 'semver';
import type { BumpKind, CommitTypesConfig } from '../config/config-schema';
import type { ConventionalCommit } from './release-plan';

export function resolveBump(
  commit: ConventionalCommit,
  config: CommitTypesConfig,
  currentVersion: string | null,
): BumpKind | null {
  if (commit.breaking) {
    // 0.x is the semver "anything may change" range: a breaking change there is a minor by default.
    return currentVersion !== null && major(currentVersion) === 0 ? config.breakingBelowOne : config.breaking;
  }
  if (commit.type !== null && config.feat.includes(commit.type)) return 'minor';
  if (commit.type !== null && config.patch.includes(commit.type)) return 'patch';
  return config.other === 'patch' ? 'patch' : null;
}

export const bumpRank: Readonly<Record<BumpKind, number>> = { patch: 1, minor: 2, major: 3 };

export function highestBump(bumps: ReadonlyArray<BumpKind | null>): BumpKind | null {
  let highest: BumpKind | null = null;
  for (const bump of bumps) {
    if (bump !== null && (highest === null || bumpRank[bump] > bumpRank[highest])) highest = bump;
  }
  return highest;
}
