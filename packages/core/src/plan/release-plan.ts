// The ReleasePlan: a pure, JSON-serialisable decision about one product's next release.
// build-release-plan.ts computes it from ReleaseFacts; apply-release-plan.ts carries it out.
import type { CommitTypesConfig, ProductConfig } from '../config/config-schema';
import type { RawCommit, TagRef } from '../git/git-port';
import type { Workspace } from '../workspace/workspace';

export type Bump = 'major' | 'minor' | 'patch' | 'prerelease';

/** What the user asked for on the command line. */
export interface ReleaseRequest {
  product: string;
  /** A bump kind or an exact semver version. */
  releaseAs?: string;
  preid?: string;
  /** Treat this as the first release even if tags exist for the product. */
  firstRelease?: boolean;
}

/** Everything read before planning (read only, gathered once). */
export interface ReleaseFacts {
  workspace: Workspace;
  /** Every product in the workspace (projects with a tagdeploy.json) and its config. */
  products: Record<string, ProductConfig>;
  tagPattern: string;
  rootFiles: string[];
  commitTypes: CommitTypesConfig;
  /** Tags of this product (matching its tag pattern), any order. */
  tags: TagRef[];
  /** Versions of this product whose release.json exists in the store. */
  sealedVersions: string[];
  head: string;
  /** Commits from the last release tag (exclusive) to HEAD, newest first, with their files. */
  commits: RawCommit[];
  /** The version in the product's package.json, if it has one (used for a first release). */
  packageVersion?: string;
  /** Today's date (YYYY-MM-DD) for the changelog heading; a fact so that planning stays pure. */
  today: string;
}

/** A conventional commit, parsed from a RawCommit. */
export interface ConventionalCommit {
  sha: string;
  type: string | null;
  scope: string | null;
  subject: string;
  breaking: boolean;
  /** The breaking-change note (from `BREAKING CHANGE:` or the `!` subject). */
  breakingNote?: string;
  author: string;
}

export interface PlannedCommit extends ConventionalCommit {
  shortSha: string;
  /** The bump this commit asks for, or null when it counts for nothing. */
  bump: Exclude<Bump, 'prerelease'> | null;
  /** Projects through which the commit reaches the product: the product itself, a dependency, or "(root)". */
  via: string[];
}

export interface AffectedProduct {
  product: string;
  /** Shared projects (in this product's closure) that changed for the other product too. */
  via: string[];
}

export type ReleasePlanStatus =
  /** A new version is to be released. */
  | 'release'
  /** The newest tag is HEAD and claimed but not sealed: finish it. */
  | 'resume'
  /** The newest tag is HEAD and sealed. */
  | 'already-released'
  /** No commit since the last release counts for this product. */
  | 'nothing-to-release';

export interface ReleasePlan {
  product: string;
  kind: ProductConfig['kind'];
  status: ReleasePlanStatus;
  /** The release before this one, if any. */
  previous: { version: string; tag: string; commit: string } | null;
  version: string;
  tag: string;
  /** The commit that will be tagged and built (HEAD). */
  commit: string;
  /** How the version was chosen. */
  reason: 'first-release' | 'bump' | 'release-as' | 'existing-tag' | 'none';
  bump: Bump | null;
  commits: PlannedCommit[];
  /** The changelog section for this version (markdown), also the annotated tag's message. */
  changelog: string;
  /** Other products that the same shared changes affect; listed, never released. */
  affectedProducts: AffectedProduct[];
  buildTarget: string;
  outputPath: string | null;
}
