// The GitOpsRepo port: the branch of a GitOps repo that Argo CD syncs, seen as files at its
// head, the history of one file, and commits that land with a fast-forward push.

/** A commit that touched a file, with its trailers (Action, Product, To-Version, ...). */
export interface GitOpsCommit {
  sha: string;
  authorName: string;
  /** ISO committer date. */
  committedAt: string;
  /** Trailer key → value (the last one wins when a key repeats). */
  trailers: Record<string, string>;
}

/** Reads files at the head a change is being applied to. */
export interface GitOpsTree {
  /** The branch head (null: the branch does not exist yet). */
  head: string | null;
  /** The file's text at `head`; null when absent. */
  read(path: string): Promise<string | null>;
  /** Paths of the files under these folders at `head`. */
  list(dirs: readonly string[]): Promise<string[]>;
  /** Commits that touched `path` up to `head`, newest first (one git log). */
  log(path: string): Promise<GitOpsCommit[]>;
}

export interface GitOpsChange {
  /**
   * Computes the new content of the files it changes, from the tree at the head it will be
   * committed on: called once on the head last fetched, then again on each new head after a
   * rejected push. Returns null for "nothing to change". May throw (e.g. ENV_CONFLICT) to stop:
   * nothing is committed then.
   */
  edit(tree: GitOpsTree): Promise<Record<string, string> | null>;
  /** Subject (and optional body) of the commit message. */
  message: string;
  /** Appended to the message as git trailers, in this order; values are made single-line. */
  trailers: ReadonlyArray<readonly [string, string]>;
}

export interface GitOpsCommitResult {
  /** The commit that landed; null when edit() returned null. */
  commit: string | null;
  /** Pushes tried (1 when the first one landed). */
  attempts: number;
}

export interface GitOpsRepo {
  /** The URL as configured (for messages). */
  readonly url: string;
  readonly branch: string;
  /** Fetches the branch and returns the tree at its head. Unreachable repo: GITOPS_UNAVAILABLE. */
  fetch(): Promise<GitOpsTree>;
  /**
   * One commit on the branch, pushed without force. A rejected push (someone else landed first)
   * fetches, calls edit() again on the new head and retries, a bounded number of times with
   * backoff; after the last one GITOPS_PUSH_FAILED.
   */
  commit(change: GitOpsChange): Promise<GitOpsCommitResult>;
  /** Removes the private clone. */
  close(): Promise<void>;
}
