// The env-change lock of a product: one object in the store (`<product>/locks/env-change.json`),
// created only if absent, that deploy, promote and rollback hold while they switch an env, and that
// release-prune holds while it decides what to delete and removes those releases' seals. So a prune
// never deletes a release that a concurrent change is pointing an env at: whichever goes second
// sees what the first did (the env now runs it, or its seal is gone). Held for seconds, never
// while a person is asked to approve.
//
// A lock is taken over when its holder provably ended: its pid no longer runs on this host (a
// killed run), or it is older than `staleAfterMs` (a holder on another machine can only be judged
// by age). The take-over is a compare-and-swap on the lock's etag, so of two takers one wins.
import { createHash, randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { isTagdeployError, TagdeployError } from '../errors/tagdeploy-error';
import { redactSecrets } from '../report/redact-secrets';
import type { ObjectHead, ObjectStore } from '../store/object-store';
import { livenessOf, thisHost } from '../store/process-liveness';

export const envChangeLockKey = (product: string): string => `${product}/locks/env-change.json`;

export interface EnvChangeLockOptions {
  /** How long to wait for a live holder (default 2 minutes). */
  timeoutMs?: number;
  /** A lock older than this is dead whoever holds it (default 10 minutes; holders keep it for seconds). */
  staleAfterMs?: number;
}

interface LockRecord {
  tool: 'tagdeploy';
  token: string;
  host: string;
  pid: number;
  command: string;
  /** ISO time, from the holder's clock. */
  takenAt: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `critical` holding the product's env-change lock, and releases it afterwards (also when it throws). */
export async function withEnvChangeLock<T>(store: ObjectStore, product: string, critical: () => Promise<T>, options: EnvChangeLockOptions = {}): Promise<T> {
  const held = await acquire(store, product, options);
  try {
    return await critical();
  } finally {
    await release(store, held);
  }
}

async function acquire(store: ObjectStore, product: string, options: EnvChangeLockOptions): Promise<{ key: string; token: string }> {
  const { timeoutMs = 120_000, staleAfterMs = 600_000 } = options;
  // Wall time, not the host's clock: the lock is judged by other processes, on other machines.
  const now = () => new Date();
  const key = envChangeLockKey(product);
  const record: LockRecord = { tool: 'tagdeploy', token: randomBytes(12).toString('hex'), host: thisHost(), pid: process.pid, command: commandLine(), takenAt: now().toISOString() };
  const body = Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
  const meta = { contentType: 'application/json', cacheControl: 'no-store', sha256: createHash('sha256').update(body).digest('hex') };
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 1000)) {
    if (await createLock(store, key, body, meta)) return { key, token: record.token };
    const found = await store.get(key);
    if (found) {
      const holder = parseRecord(found.body);
      if (isDead(holder, now().getTime(), staleAfterMs) && (await takeOver(store, key, body, meta, found.head))) return { key, token: record.token };
      if (Date.now() >= deadline) throw lockedError(store, key, holder, staleAfterMs);
    }
    await sleep(wait + Math.random() * wait);
  }
}

async function createLock(store: ObjectStore, key: string, body: Buffer, meta: { contentType: string; cacheControl: string; sha256: string }): Promise<boolean> {
  try {
    return (await store.create(key, body, meta)) === 'created';
  } catch (error) {
    if (isTagdeployError(error) && (error.code === 'OBJECT_CONFLICT' || error.code === 'PRECONDITION_FAILED')) return false;
    // The S3 store reads a key its conditional write found taken back; a holder that released the
    // lock in between leaves nothing to read. The key is free again: try once more, as for a holder.
    if (isTagdeployError(error) && error.code === 'STORE_UNAVAILABLE' && (await store.head(key)) === undefined) return false;
    throw error;
  }
}

/** Replaces a dead lock with ours, only if it is still the one judged dead. */
async function takeOver(store: ObjectStore, key: string, body: Buffer, meta: { contentType: string; cacheControl: string; sha256: string }, dead: ObjectHead): Promise<boolean> {
  try {
    await store.replace(key, body, meta, dead.etag);
    return true;
  } catch (error) {
    if (isTagdeployError(error) && error.code === 'PRECONDITION_FAILED') return false;
    throw error;
  }
}

/** Removes the lock if it is still ours (a holder slower than the stale bound may have lost it). Never throws. */
async function release(store: ObjectStore, held: { key: string; token: string }): Promise<void> {
  try {
    const found = await store.get(held.key);
    if (found && parseRecord(found.body).token === held.token) await store.delete(held.key);
  } catch {
    // Left behind, it is taken over by the next run on this host at once, elsewhere after the stale bound.
  }
}

function parseRecord(body: Buffer): Partial<LockRecord> {
  try {
    const json = JSON.parse(body.toString('utf8')) as Partial<LockRecord>;
    return typeof json === 'object' && json !== null ? json : {};
  } catch {
    return {};
  }
}

function isDead(holder: Partial<LockRecord>, nowMs: number, staleAfterMs: number): boolean {
  const takenAt = holder.takenAt ? Date.parse(holder.takenAt) : NaN;
  // Unreadable, or older than the bound: nobody holds a lock that long.
  if (Number.isNaN(takenAt) || nowMs - takenAt > staleAfterMs) return true;
  if (typeof holder.pid !== 'number' || typeof holder.host !== 'string') return false;
  if (holder.pid === process.pid && holder.host === thisHost()) return false;
  return livenessOf(holder.pid, { host: holder.host }) === 'dead';
}

function lockedError(store: ObjectStore, key: string, holder: Partial<LockRecord>, staleAfterMs: number): TagdeployError {
  const who = typeof holder.pid === 'number' ? `pid ${holder.pid} on host ${holder.host ?? 'unknown'}${holder.command ? ` ("${holder.command}")` : ''}` : 'an unknown process';
  return new TagdeployError(
    'ENV_LOCKED',
    `The envs of ${key.split('/')[0]} are being changed by another tagdeploy command: ${who} holds ${store.url}/${key}${holder.takenAt ? ` since ${holder.takenAt}` : ''}. Nothing changed. ` +
      `Wait for it to finish and run yours again; if it is not running any more, delete that object (tagdeploy takes over by itself a lock whose process ended on this host, or that is ${Math.round(staleAfterMs / 60_000)} min old).`,
  );
}

function commandLine(): string {
  return redactSecrets([basename(process.argv[1] ?? 'node'), ...process.argv.slice(2)].join(' ')).slice(0, 160);
}
