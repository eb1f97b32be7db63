// The Git port: everything the release flow reads from or writes to git. The adapter in
// git-cli.ts runs the git binary with argument arrays; tests use real repositories.

/** A commit as git gives it, before any conventional-commit parsing. */
export interface RawCommit {
  sha: string;
  /** First line of the message. */
  subject: string;
  /** The rest of the message after the subject (may be empty). */
  body: string;
  authorName: string;
  authorEmail: string;
  /** ISO 8601 author date. */
  date: string;
  /** Paths touched by the commit, relative to the repository root, forward slashes. */
  files: string[];
}

export interface TagRef {
  name: string;
  /** The commit the tag points at (peeled). */
  commit: string;
}

export interface Git {
  /** Absolute path of the repository's top level. */
  readonly root: string;
  /**
   * Commits reachable from `to` and not from `from` (all of history when `from` is absent),
   * newest first, each with the files it touched. One git process, whatever the range.
   * With `paths` (git pathspecs), only the commits that touch one of them, each with only its
   * files inside them; history is not simplified (a side branch of a merge is walked, and a
   * merge is listed when it differs from a parent there), so the commits are exactly those of
   * the whole range that touch the paths, in the same order.
   */
  readCommits(range: { from?: string; to: string; paths?: readonly string[] }): Promise<RawCommit[]>;
  /** One commit by its sha, with the files it touched, or null when this clone does not have it. */
  readCommit(sha: string): Promise<RawCommit | null>;
  /**
   * The boundary commits of a shallow clone (`git clone --depth`): their parents are missing, so
   * history walked through them is cut short. Empty when the clone is complete.
   */
  readShallowBoundary(): Promise<string[]>;
  /** Tags whose names match a glob (git's `refs/tags/<glob>`), peeled to commits. */
  readTags(glob: string): Promise<TagRef[]>;
  /** The current commit, branch (null when detached) and whether the work tree is clean. */
  readHead(): Promise<{ commit: string; branch: string | null; clean: boolean; dirtyFiles: string[] }>;
  /** When a commit was made (committer date): a reproducible timestamp for what is built from it. */
  readCommitDate(commit: string): Promise<Date>;
  /** The name of the remote releases are claimed on (`origin`, else the only one), or null. */
  readRemote(): Promise<string | null>;
  /** Tags on a remote that match a glob, as the remote has them now. */
  readRemoteTags(remote: string, glob: string): Promise<TagRef[]>;
  /** Creates an annotated tag on a commit; fails if the tag exists. */
  createTag(name: string, commit: string, message: string): Promise<void>;
  /** Deletes a local tag (used only to undo a tag whose claim was rejected). */
  deleteTag(name: string): Promise<void>;
  /**
   * Pushes one tag and nothing else: 'created' when this push made the remote's tag, 'unchanged'
   * when the remote already had this very tag object. Rejection (the remote has another tag of
   * that name, or a hook refused) throws PUSH_REJECTED.
   */
  pushTag(remote: string, name: string): Promise<'created' | 'unchanged'>;
  /** Makes the local tag the remote's one of that name, replacing a local tag that differs. */
  fetchTag(remote: string, name: string): Promise<void>;
  /** Stages the given paths and commits them; returns the new commit. */
  commit(paths: string[], message: string): Promise<string>;
  /** Moves the current branch and work tree back to a commit (undoes our own release commit). */
  resetTo(commit: string): Promise<void>;
}
