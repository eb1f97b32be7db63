// Commit trailers in and out of git (pure): the message tail a deployment commit carries, and the
// parser of the one `git log` that reads them back.
import type { GitOpsCommit } from './gitops-repo';

const record = '\x1e';
const field = '\x1f';
/** sha, author, committer date, then only the trailers (unfolded), for `git log --format=`. */
export const logFormat = `${record}%H${field}%an${field}%cI${field}%(trailers:only,unfold)`;

/** "Key: value" lines; values become one line, so that git reads each as one trailer. */
export function formatTrailers(trailers: ReadonlyArray<readonly [string, string]>): string {
  return trailers.map(([key, value]) => `${key}: ${value.replace(/\s+/g, ' ').trim()}`).join('\n');
}

export function parseGitLog(stdout: string): GitOpsCommit[] {
  return stdout
    .split(record)
    .filter((chunk) => chunk.trim().length > 0)
    .map((chunk) => {
      const [sha, authorName, committedAt, trailerText = ''] = chunk.split(field);
      const trailers: Record<string, string> = {};
      for (const line of trailerText.split('\n')) {
        const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line.trim());
        if (match) trailers[match[1]] = match[2];
      }
      return { sha: sha.trim(), authorName, committedAt: committedAt.trim(), trailers };
    });
}
