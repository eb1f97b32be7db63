// Which changes a release still holds once its reverts are applied, and what kind each revert is.
// A revert of a commit of the same release undoes it: neither counts (a revert of that revert
// brings it back). A revert of an earlier release's commit counts as that commit's kind.
import type { RawCommit } from '../git/git-port';
import { parseRevert, type RevertNote } from './parse-revert';
import type { RevertedCommit } from './release-plan';

export interface RevertResolution {
  /** For a revert: the commit it reverts. */
  reverts?: RevertedCommit;
  /** Whether the commit's change is still in the release at HEAD. */
  stands: boolean;
  /** For a commit undone in this release: the full sha of the revert that undid it. */
  revertedBy?: string;
  /** The message whose type decides the bump: the commit's own, or the reverted commit's. */
  kind: Pick<RawCommit, 'subject' | 'body'>;
}

// Reverts of reverts nest; a chain this deep is not a real history.
const maxDepth = 20;

/**
 * One resolution per commit of the range (newest first, as git gives them). `outside` holds the
 * reverted commits that are not in the range (earlier releases), as far as this clone has them.
 */
export function resolveReverts(range: readonly RawCommit[], outside: readonly RawCommit[]): Map<string, RevertResolution> {
  const resolutions = new Map<string, RevertResolution>();
  // The change a commit stands for: itself, or for a revert inside the range, what it undoes.
  const rootOf = new Map<string, string>();
  const lastRevertOf = new Map<string, string>();
  const oldestFirst = [...range].reverse();
  const older = new OlderCommits(oldestFirst);
  oldestFirst.forEach((commit, index) => {
    const note = parseRevert(commit);
    const target = note ? older.find(note, index) : undefined;
    older.add(commit);
    if (note && target) {
      const root = rootOf.get(target.sha) ?? target.sha;
      const undone = resolutions.get(root);
      if (undone) undone.stands = !undone.stands;
      rootOf.set(commit.sha, root);
      lastRevertOf.set(root, commit.sha);
      resolutions.set(commit.sha, { reverts: reverted(target.sha, target.subject, true), stands: false, kind: commit });
      return;
    }
    rootOf.set(commit.sha, commit.sha);
    if (!note) {
      resolutions.set(commit.sha, { stands: true, kind: commit });
      return;
    }
    const known = findOutside(note, outside);
    resolutions.set(commit.sha, {
      reverts: reverted(known?.sha ?? note.sha, known?.subject ?? note.subject, false),
      stands: true,
      kind: kindOf(known ?? { subject: note.subject, body: '' }, outside, 0),
    });
  });
  for (const [root, revert] of lastRevertOf) {
    const resolution = resolutions.get(root);
    if (resolution && !resolution.stands) resolution.revertedBy = revert;
  }
  return resolutions;
}

function reverted(sha: string | null, subject: string, inRelease: boolean): RevertedCommit {
  return { shortSha: sha ? sha.slice(0, 7) : null, subject, inRelease };
}

/**
 * The reverted commit among the commits of the range older than a revert: by sha (the oldest whose
 * sha starts with the named one), else the newest with its subject. Indexed as the walk goes, so
 * that a range of 50,000 commits with reverts is not scanned once per revert.
 */
class OlderCommits {
  private readonly bySha = new Map<string, RawCommit>();
  private readonly bySubject = new Map<string, RawCommit>();

  constructor(private readonly oldestFirst: readonly RawCommit[]) {}

  add(commit: RawCommit): void {
    if (!this.bySha.has(commit.sha)) this.bySha.set(commit.sha, commit);
    this.bySubject.set(commit.subject.trim(), commit);
  }

  /** Among the commits added so far, i.e. the first `count` of the range, oldest first. */
  find(note: RevertNote, count: number): RawCommit | undefined {
    if (note.sha === null) return this.bySubject.get(note.subject);
    const exact = this.bySha.get(note.sha);
    if (exact) return exact;
    const sha = note.sha;
    for (let i = 0; i < count; i++) if (this.oldestFirst[i].sha.startsWith(sha)) return this.oldestFirst[i];
    return undefined;
  }
}

function findOutside(note: RevertNote, outside: readonly RawCommit[]): RawCommit | undefined {
  return note.sha === null ? undefined : outside.find((commit) => commit.sha.startsWith(note.sha as string));
}

/** The message that gives a reverted commit its kind, following reverts of reverts. */
function kindOf(message: Pick<RawCommit, 'subject' | 'body'>, outside: readonly RawCommit[], depth: number): Pick<RawCommit, 'subject' | 'body'> {
  const note = parseRevert(message);
  if (note === null || depth >= maxDepth) return message;
  return kindOf(findOutside(note, outside) ?? { subject: note.subject, body: '' }, outside, depth + 1);
}
