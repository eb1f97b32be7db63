// The folder store's temp files: every write is staged as `.tagdeploy-tmp-<pid>-<host tag>-<random>`
// beside its final name, then linked or renamed into place. A process killed meanwhile leaves its
// temp behind; sweepStaleTemps() removes those that are provably stale: written by a process of this
// host that no longer runs, or untouched for an hour (another host's, an older name without a pid,
// or a pid that another process reuses).
import { randomBytes } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hostTag, livenessOf, thisHost } from './process-liveness';

export const tempPrefix = '.tagdeploy-tmp-';
/** A temp without a live writer is still kept this long (a write in progress keeps its mtime fresh). */
export const staleTempMs = 60 * 60 * 1000;

const named = /^\.tagdeploy-tmp-(\d+)-([0-9a-f]{8})-[0-9a-f]+$/;

/** A fresh temp file name beside `file` (same folder, so a link or rename is atomic). */
export function tempBeside(file: string): string {
  return join(dirname(file), `${tempPrefix}${process.pid}-${hostTag(thisHost())}-${randomBytes(8).toString('hex')}`);
}

/** Removes the stale temp files of one folder; never fails (what it cannot remove stays). */
export async function sweepStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((n) => n.startsWith(tempPrefix))) {
    const path = join(dir, name);
    if (!(await isStale(name, path, now))) continue;
    if (await unlink(path).then(() => true, () => false)) removed.push(path);
  }
  return removed;
}

async function isStale(name: string, path: string, now: number): Promise<boolean> {
  const match = named.exec(name);
  if (match) {
    const pid = Number(match[1]);
    if (pid === process.pid && match[2] === hostTag(thisHost())) return false;
    if (livenessOf(pid, { tag: match[2] }) === 'dead') return true;
  }
  // A live pid may have been reused by another process: the age bound holds for every temp.
  const stats = await stat(path).catch(() => undefined);
  return stats !== undefined && stats.isFile() && now - stats.mtimeMs > staleTempMs;
}
