// The ReleasePlan: a pure, JSON-serialisable decision about one product's next release.
// build-release-plan.ts computes it from ReleaseFacts; apply-release-plan.ts carries it out.
import type { ChangelogOptions, CommitTypesConfig, ProductConfig } from '../config/config-schema';
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
  /** The product's changelog settings (the workspace's, each replaced by the product's own). */
  changelog: ChangelogOptions;
  /**
   * Tags of this product (matching its tag pattern), any order: this clone's and the remote's
   * together; where both have a tag, the remote's commit.
   */
  tags: TagRef[];
  /** Where the tags came from and whether this clone holds the history the plan needs. */
  clone: CloneFacts;
  /** Versions of this product whose release.json exists in the store. */
  sealedVersions: string[];
  /** Abandoned releases above the newest one that was not abandoned, newest first. */
  abandoned: AbandonedVersion[];
  head: string;
  /** Commits from the last release tag (exclusive) to HEAD, newest first, with their files. */
  commits: RawCommit[];
  /** Commits outside `commits` that a revert in `commits` names, as far as this clone has them. */
  revertedCommits: RawCommit[];
  /** The version in the product's package.json, if it has one (used for a first release). */
  packageVersion?: string;
  /** Today's date (YYYY-MM-DD) for the changelog heading; a fact so that planning stays pure. */
  today: string;
}

/** A claimed release that will never be sealed: its version stays taken, its commits count again. */
export interface AbandonedVersion {
  version: string;
  tag: string;
  /** "abandoned by ana on 2026-12-02 (why)" */
  note: string;
}

/**
 * How this clone stands against the remote. "shallow": a `--depth` clone cut the history between
 * the last release and HEAD; "missing": the last release's commit (a tag of the remote) is not
 * in this clone at all. Either way the commits read are not the whole range.
 */
export type HistoryState = 'complete' | 'shallow' | 'missing';

export interface CloneFacts {
  /** The remote releases are claimed on, or null when there is none. */
  remote: string | null;
  /** Why the remote's tags could not be read (versions then rest on this clone's tags), or null. */
  remoteError: string | null;
  /** Release tags of the product that the remote has and this clone lacks. */
  remoteOnly: string[];
  /** Release tags of the product that this clone has and the remote lacks: never pushed. */
  localOnly: string[];
  /** Tags that this clone has at another commit than the remote (the remote's counts). */
  diverged: string[];
  /** Whether this clone is shallow (`git clone --depth`). */
  shallow: boolean;
  history: HistoryState;
}

/** A conventional commit, parsed from a RawCommit by conventional-commits-parser. */
export interface ConventionalCommit {
  sha: string;
  /** Lower case; null for a commit that is not conventional. */
  type: string | null;
  scope: string | null;
  /** The subject after "type(scope): ", or the whole header of a commit that is not conventional. */
  subject: string;
  /** The first line, as written. */
  header: string;
  breaking: boolean;
  /** The breaking-change note (from `BREAKING CHANGE:` or the `!` subject). */
  breakingNote?: string;
  /** The footer notes the parser found (`BREAKING CHANGE: ...`, and the subject of a `!` header). */
  notes: CommitNote[];
  /** Issue references (`#12`, `Closes #3`), as the parser read them. */
  references: CommitReference[];
  author: string;
}

export interface CommitNote {
  title: string;
  text: string;
}

export interface CommitReference {
  raw: string;
  action: string | null;
  owner: string | null;
  repository: string | null;
  prefix: string;
  issue: string;
}

export interface PlannedCommit extends ConventionalCommit {
  shortSha: string;
  /**
   * The bump this commit asks for, or null when it asks for none. A revert asks for the bump of
   * the commit it reverts (a revert of a released feat is a minor change).
   */
  bump: Exclude<Bump, 'prerelease'> | null;
  /**
   * Whether it counts for this release: it asks for a bump (any commit does, for a first
   * release) and no revert of this same release undid it.
   */
  counts: boolean;
  /** For a revert: the commit it reverts. */
  reverts?: RevertedCommit;
  /** The short sha of the revert in this same release that undid this commit. */
  revertedBy?: string;
  /** Projects through which the commit reaches the product: the product itself, a dependency, or "(root)". */
  via: string[];
}

export interface RevertedCommit {
  /** Null when the revert does not name it and this release does not hold it. */
  shortSha: string | null;
  subject: string;
  /** True when the reverted commit is part of this same release (the two cancel out). */
  inRelease: boolean;
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
  /**
   * The newest tag is HEAD, claimed on the remote by another release (not by this clone) and not
   * sealed: that release is running or stopped. This run leaves it to it (the loser of a race).
   */
  | 'claimed-elsewhere'
  /** The newest tag is HEAD and sealed. */
  | 'already-released'
  /** No commit since the last release counts for this product. */
  | 'nothing-to-release';

/**
 * What buildReleasePlan decides (pure, JSON): the plan without its changelog text, which the
 * conventional-changelog writer renders (asynchronously) from the counted commits at the edge.
 */
export type ReleaseDecision = Omit<ReleasePlan, 'changelog'>;

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
  /** Every commit that reaches the product since the last release, counted or not. */
  commits: PlannedCommit[];
  /** The clone's facts, and the git command that brings in what it lacks (null: nothing). */
  clone: CloneFacts & { fetch: string | null };
  /** The changelog section for this version (markdown), also the annotated tag's message. */
  changelog: string;
  /** Other products that the same shared changes affect; listed, never released. */
  affectedProducts: AffectedProduct[];
  /** Abandoned releases this one skips (their versions stay taken; their commits count here). */
  abandoned: AbandonedVersion[];
  buildTarget: string;
  outputPath: string | null;
}
