// The files each commit touched, kept in the clone between plans. A commit's file list (its diff
// against its first parent, renames as delete + add) is fixed by its sha, so once git has computed
// it, it never has to again: the next plan asks git only for the commits it has not seen, and for
// the others only their messages, which git prints without diffing trees (ten times faster).
//
// The file lives in the git common dir (shared by worktrees, never committed, gone with the clone)
// and is rewritten whole through a temporary file and a rename, so a reader sees the old version or
// the new one, never a torn one; two plans that write at once lose, at worst, the other's
// additions. A file that does not parse is read as empty and rewritten. Not used where git's idea
// of a commit's parents is not fixed by its sha: a shallow clone (its cut commits seem to have no
// parents), grafts and replace refs.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Bump when the way the lists are computed changes (git log's diff options): old files are then ignored. */
const header = 'tagdeploy commit-files 1\n';
const shaPattern = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export type CommitFiles = Map<string, readonly string[]>;

export function commitFilesCachePath(gitCommonDir: string): string {
  return join(gitCommonDir, 'tagdeploy', 'commit-files');
}

/**
 * Reads the cache: a header line, then per commit its sha, its paths and an empty field, each
 * field ended by NUL (paths cannot contain NUL, and a path is never empty). Empty when the file is
 * missing, from another format version, or damaged.
 */
export async function readCommitFiles(file: string): Promise<CommitFiles> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return new Map();
  }
  if (!text.startsWith(header) || !text.endsWith('\0\0')) return new Map();
  const fields = text.slice(header.length, -1).split('\0');
  const cache: CommitFiles = new Map();
  let sha: string | null = null;
  let files: string[] = [];
  for (const field of fields) {
    if (sha === null) {
      if (!shaPattern.test(field)) return new Map();
      sha = field;
    } else if (field === '') {
      cache.set(sha, files);
      sha = null;
      files = [];
    } else files.push(field);
  }
  return sha === null ? cache : new Map();
}

/** Writes the whole cache; a failure (a read-only clone, a full disk) only means no cache. */
export async function writeCommitFiles(file: string, cache: CommitFiles): Promise<void> {
  const parts: string[] = [header];
  for (const [sha, files] of cache) {
    parts.push(sha, '\0');
    for (const path of files) parts.push(path, '\0');
    parts.push('\0');
  }
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temporary, parts.join(''));
    await rename(temporary, file);
  } catch {
    await rm(temporary, { force: true });
  }
}
