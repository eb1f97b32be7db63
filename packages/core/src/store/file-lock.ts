// The folder store's per-key lock for compare-and-swap: the file `.tagdeploy-lock-<name>` beside
// the object, created atomically (link(2) of a temp file written in full, so never half written),
// saying who holds it: tool, host, pid, user, command, time, and a random token.
//
// A lock is taken over when it is provably dead: its pid no longer runs on this host, it names this
// very process without being one of its locks (a reused pid), or it is older than `staleAfterMs` (a
// swap holds it for milliseconds; a lock from another host can only be judged this way). Takers
// take turns through a take-over claim, and neither take-over nor release unlinks a path blindly:
// they check it is still the file they judged, rename(2) it aside, check its bytes (which hold the
// token) and put back anything else. A holder also checks that the lock is still its own right
// before it commits (verify()): a holder slower than the bound, taken over, writes nothing.
import { createHash, randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { redactSecrets } from '../report/redact-secrets';
import { livenessOf, thisHost } from './process-liveness';
import { tempBeside } from './temp-files';

export const lockPrefix = '.tagdeploy-lock-';

export interface LockRecord {
  tool: 'tagdeploy';
  token: string;
  host: string;
  pid: number;
  user: string;
  command: string;
  /** ISO time. */
  takenAt: string;
}

export interface FileLockOptions {
  /** What the lock guards, for messages (e.g. "file:.tagdeploy/store/checkout/envs/staging.json"). */
  what: string;
  /** How long to wait for a live holder. */
  timeoutMs: number;
  /** A lock older than this is dead whoever holds it. */
  staleAfterMs: number;
  /** The store's error for an I/O failure other than "the lock is taken". */
  ioFailed: (action: string, error: unknown) => TagdeployError;
}

export interface HeldLock {
  /** Throws STORE_LOCKED when the lock is no longer this holder's (taken over as stale). Call right before committing. */
  verify(): Promise<void>;
  /** Removes the lock if it is still this holder's. Never throws. */
  release(): Promise<void>;
}

/** The tokens of the locks this process holds: a lock naming this pid with another token is a dead one's. */
const heldHere = new Set<string>();

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException)?.code;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const identityOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export async function acquireFileLock(path: string, options: FileLockOptions): Promise<HeldLock> {
  const record = newRecord();
  const body = Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
  const deadline = Date.now() + options.timeoutMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    if (await createExclusive(path, body, options)) {
      heldHere.add(record.token);
      return heldLock(path, record, identityOf(body), options);
    }
    const found = await readLock(path);
    if (found && isDead(found, options.staleAfterMs) && (await takeOver(path, found, options))) continue;
    if (Date.now() >= deadline) throw lockedError(path, found, options);
    await sleep(wait + Math.random() * wait);
  }
}

function newRecord(): LockRecord {
  return {
    tool: 'tagdeploy',
    token: randomBytes(12).toString('hex'),
    host: thisHost(),
    pid: process.pid,
    user: safeUser(),
    command: redactSecrets([basename(process.argv[1] ?? 'node'), ...process.argv.slice(2)].join(' ')).slice(0, 160),
    takenAt: new Date().toISOString(),
  };
}

/** Writes the lock in full beside its name, then links it into place: false when one exists. */
async function createExclusive(path: string, body: Buffer, options: FileLockOptions): Promise<boolean> {
  const temp = tempBeside(path);
  try {
    await writeFile(temp, body, { flag: 'wx' });
    await link(temp, path);
    return true;
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw options.ioFailed('lock', error);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** A lock file as found: what it says (partly, for locks of older versions) and its age. */
interface FoundLock {
  record: Partial<LockRecord>;
  identity: string;
  ageMs: number;
  /** Which file it was: inode, size and mtime (ns). */
  file: string;
}

const fileOf = (stats: { ino: bigint; size: bigint; mtimeNs: bigint }): string => `${stats.ino}:${stats.size}:${stats.mtimeNs}`;

async function readLock(path: string): Promise<FoundLock | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const [bytes, stats] = await Promise.all([handle.readFile(), handle.stat({ bigint: true })]);
    return { record: parseRecord(bytes.toString('utf8')), identity: identityOf(bytes), ageMs: Date.now() - Number(stats.mtimeMs), file: fileOf(stats) };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Older versions wrote just "<pid>\n", on the machine of the folder. */
function parseRecord(text: string): Partial<LockRecord> {
  if (/^\d+\s*$/.test(text)) return { pid: Number(text.trim()), host: thisHost() };
  try {
    const json = JSON.parse(text) as Partial<LockRecord>;
    return typeof json === 'object' && json !== null ? json : {};
  } catch {
    return {};
  }
}

/** True when the lock's holder provably no longer holds it; false when it may still be running. */
function isDead({ record, ageMs }: FoundLock, staleAfterMs: number): boolean {
  if (ageMs > staleAfterMs) return true;
  if (typeof record.pid !== 'number' || typeof record.host !== 'string') return false;
  // This pid, but none of this process's locks: a process before it with the same pid left it.
  if (record.pid === process.pid && record.host === thisHost()) return !(record.token && heldHere.has(record.token));
  return livenessOf(record.pid, { host: record.host }) === 'dead';
}

/**
 * Removes a dead lock. Only the holder of its take-over claim (`<lock>.takeover`, itself a small
 * lock) may, so that takers never move each other's files: of those that find one dead lock, one
 * removes it and the others find the claim taken, then the lock gone. A claim whose taker died is
 * itself taken over the same way.
 */
async function takeOver(path: string, dead: FoundLock, options: FileLockOptions): Promise<boolean> {
  const claimPath = `${path}.takeover`;
  const record = newRecord();
  const claim = Buffer.from(`${JSON.stringify(record)}\n`);
  if (!(await createExclusive(claimPath, claim, options))) {
    const other = await readLock(claimPath);
    // A claim whose taker died: removing it lets the next round claim.
    return other !== undefined && isDead(other, options.staleAfterMs) && (await removeIfStill(claimPath, other));
  }
  heldHere.add(record.token);
  try {
    // Not removed: another taker was first, and the lock there now is someone else's.
    return (await removeIfStill(path, dead)) || !(await readLock(path));
  } finally {
    const mine = await readLock(claimPath);
    if (mine?.identity === identityOf(claim)) await removeIfStill(claimPath, mine);
    // Only now: until its file is gone, this process's own claim must not look like a dead one's.
    heldHere.delete(record.token);
  }
}

/**
 * Removes the lock at `path` only if it is the one found: moves it aside, checks its bytes, and
 * puts anything else back (a lock another process took meanwhile). True when it removed it.
 */
async function removeIfStill(path: string, found: Pick<FoundLock, 'identity' | 'file'>): Promise<boolean> {
  const { identity, file } = found;
  // Cheap first: another file there now (removed and taken meanwhile) is left alone without being moved.
  const now = await stat(path, { bigint: true }).catch(() => undefined);
  if (!now || fileOf(now) !== file) return false;
  const aside = tempBeside(path);
  if (!(await rename(path, aside).then(() => true, () => false))) return false;
  try {
    if (identityOf(await readFile(aside)) === identity) return true;
    // EEXIST here: yet another writer locked meanwhile; the holder we moved finds out in verify().
    await link(aside, path).catch(() => undefined);
    return false;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

function heldLock(path: string, record: LockRecord, identity: string, options: FileLockOptions): HeldLock {
  return {
    async verify() {
      const now = await readLock(path);
      if (now?.identity === identity) return;
      const by = now ? ` by ${describeHolder(now.record)}` : '';
      throw new TagdeployError(
        'STORE_LOCKED',
        `${options.what} was taken over${by} while this command held its lock (lock file ${path}): it took longer than ${formatAge(options.staleAfterMs)}. Nothing was written. Run the command again.`,
      );
    },
    async release() {
      const now = await readLock(path);
      if (now?.identity === identity) await removeIfStill(path, now).catch(() => undefined);
      heldHere.delete(record.token);
    },
  };
}

function lockedError(path: string, found: FoundLock | undefined, options: FileLockOptions): TagdeployError {
  const since = !found ? '' : found.record.takenAt ? ` since ${found.record.takenAt} (${formatAge(found.ageMs)} ago)` : ` for ${formatAge(found.ageMs)}`;
  return new TagdeployError(
    'STORE_LOCKED',
    `${options.what} is being changed by another tagdeploy command: ${describeHolder(found?.record ?? {})} holds its lock${since}, lock file ${path}. ` +
      `Wait for that command to finish and run yours again. If it is not running any more, delete that file and retry; ` +
      `tagdeploy also takes over by itself a lock whose process has ended on this host, or that is ${formatAge(options.staleAfterMs)} old.`,
  );
}

function describeHolder(record: Partial<LockRecord>): string {
  if (typeof record.pid !== 'number') return 'an unknown process (the lock file does not say which)';
  const who = [record.user && `user ${record.user}`, record.command && `"${record.command}"`].filter(Boolean).join(', ');
  return `pid ${record.pid} on host ${record.host ?? 'unknown'}${who ? ` (${who})` : ''}`;
}

function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
