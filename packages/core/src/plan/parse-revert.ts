// What a revert says it reverts. Two spellings: git's own (`Revert "<subject>"`, and since git
// 2.43 `Reapply "<subject>"` for a revert of a revert) and the conventional `revert: <subject>`;
// either may carry git's `This reverts commit <sha>.` line in its body.
import type { RawCommit } from '../git/git-port';

export interface RevertNote {
  /** The reverted commit's subject, as the revert quotes it. */
  subject: string;
  /** The reverted commit's sha (full or abbreviated), or null when the message does not name it. */
  sha: string | null;
}

const gitRevert = /^(?:Revert|Reapply) "(.+)"$/;
const conventionalRevert = /^revert(?:\([^()]*\))?!?:\s+(\S.*)$/i;
const revertsLine = /^This reverts commit ([0-9a-f]{7,64})\b/m;

/** The revert note of a commit, or null when the commit is not a revert. */
export function parseRevert(commit: Pick<RawCommit, 'subject' | 'body'>): RevertNote | null {
  const subject = commit.subject.trim();
  const quoted = gitRevert.exec(subject)?.[1] ?? conventionalRevert.exec(subject)?.[1];
  if (quoted === undefined) return null;
  return { subject: quoted.trim(), sha: revertsLine.exec(commit.body)?.[1] ?? null };
}
