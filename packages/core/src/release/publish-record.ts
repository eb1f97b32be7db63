// The publish record: what a publish of a release folder has uploaded so far, so that a resume
// needs no listing of the folder. It is a series of small create-only objects in the release
// folder, `.tagdeploy-publish/000001.json`, `000002.json`, ..., each naming files whose create()
// or copy() had completed when it was written (path, size, sha256), and the claim (tag and commit)
// they were uploaded for. Each batch is written whole or not at all, so a killed publish leaves a
// record that undercounts, never one that lists an object that is not there. A batch that does
// not parse, names another claim, or breaks the sequence makes the whole record unusable (the
// publisher then lists the folder, as without a record). The record is removed after the seal.
import { createHash } from 'node:crypto';
import { isTagdeployError } from '../errors/tagdeploy-error';
import type { ObjectStore } from '../store/object-store';
import { crashPoint } from './crash-point';

/** The record's folder inside a release folder; a build output holding this folder keeps no record. */
export const recordFolder = '.tagdeploy-publish/';

export interface RecordedFile {
  size: number;
  sha256: string;
}

interface RecordBatch {
  schemaVersion: 1;
  claim: string;
  files: { path: string; size: number; sha256: string }[];
}

/** The most batches read at once on a resume. */
const readWindow = 8;

const batchKey = (prefix: string, seq: number): string => `${prefix}${recordFolder}${String(seq).padStart(6, '0')}.json`;

/** True when a file of the release would sit in the record's folder: then no record is kept. */
export function collidesWithRecord(paths: readonly { path: string }[]): boolean {
  return paths.some((file) => file.path.startsWith(recordFolder));
}

export interface ReadRecord {
  /** Recorded files by path (relative to the release folder). */
  files: Map<string, RecordedFile>;
  /** The number of batches read: the next writer starts after them. */
  batches: number;
}

/** The record of `claim` under `prefix`; undefined when there is none or it cannot be trusted whole. */
export async function readPublishRecord(store: ObjectStore, prefix: string, claim: string): Promise<ReadRecord | undefined> {
  const files = new Map<string, RecordedFile>();
  // The first batch alone first: a publish that kept no record pays one request for learning it.
  const first = await readBatch(store, prefix, 1);
  if (first === undefined) return undefined;
  const bodies: (Buffer | undefined)[] = [first];
  // Then windows of 2, 4, 8, 8, ... batches at once: few round trips, few reads past the end.
  for (let window = 2; bodies.at(-1) !== undefined; window = Math.min(window * 2, readWindow)) {
    const from = bodies.length + 1;
    bodies.push(...(await Promise.all(Array.from({ length: window }, (_, i) => readBatch(store, prefix, from + i)))));
  }
  const batches = bodies.indexOf(undefined);
  // A batch after a gap was not written by a sequential writer: the record is not ours whole.
  if (bodies.slice(batches).some((later) => later !== undefined)) return undefined;
  for (const body of bodies.slice(0, batches)) {
    const batch = parseBatch(body as Buffer, claim);
    if (!batch) return undefined;
    for (const file of batch.files) files.set(file.path, { size: file.size, sha256: file.sha256 });
  }
  return { files, batches };
}

/**
 * A batch that cannot be read counts as absent: the record then ends before it (its files take the
 * create-only path) or has a gap (unusable, the folder is listed). Either way nothing is skipped
 * on a word that was not read.
 */
const readBatch = (store: ObjectStore, prefix: string, seq: number): Promise<Buffer | undefined> =>
  store.get(batchKey(prefix, seq)).then((found) => found?.body, () => undefined);

function parseBatch(body: Buffer, claim: string): RecordBatch | undefined {
  try {
    const batch = JSON.parse(body.toString('utf8')) as RecordBatch;
    if (batch?.schemaVersion !== 1 || batch.claim !== claim || !Array.isArray(batch.files)) return undefined;
    const wellFormed = batch.files.every(
      (file) => typeof file?.path === 'string' && Number.isSafeInteger(file.size) && typeof file.sha256 === 'string' && /^[0-9a-f]{64}$/.test(file.sha256),
    );
    return wellFormed ? batch : undefined;
  } catch {
    return undefined;
  }
}

export interface RecordWriter {
  /** Notes a file whose object is in the store now; written with the next batch. */
  add(path: string, file: RecordedFile): void;
  /** Writes what is noted and not written yet, and waits for writes in flight. */
  flush(): Promise<void>;
}

export interface RecordWriterOptions {
  /** A batch is written once this many files are noted (default 500). */
  batchFiles?: number;
  /** ... or once the files noted hold this many bytes (default 64 MiB), so that large files are recorded soon. */
  batchBytes?: number;
  /** Batches already in the store (from readPublishRecord): the writer continues after them. */
  after?: number;
  /** Told once when a batch cannot be written; the publish goes on without a record from then on. */
  onLost?: (error: unknown) => void;
}

/**
 * Writes batches one at a time, in sequence, while the publish goes on. A batch number taken by
 * another writer (two runs resuming one claim) moves this one to the next number. A write that
 * fails stops the recording (the record stays a true undercount); it never fails the publish.
 */
export function createRecordWriter(store: ObjectStore, prefix: string, claim: string, options: RecordWriterOptions = {}): RecordWriter {
  const batchFiles = options.batchFiles ?? 500;
  const batchBytes = options.batchBytes ?? 64 * 2 ** 20;
  let seq = options.after ?? 0;
  let pending: RecordBatch['files'] = [];
  let pendingBytes = 0;
  let writing: Promise<void> = Promise.resolve();
  let lost = false;
  let written = 0;

  const write = async (files: RecordBatch['files']): Promise<void> => {
    if (lost) return;
    const body = Buffer.from(`${JSON.stringify({ schemaVersion: 1, claim, files } satisfies RecordBatch)}\n`);
    const meta = { contentType: 'application/json', cacheControl: 'no-cache', sha256: createHash('sha256').update(body).digest('hex') };
    for (let tries = 0; tries < 100; tries++) {
      seq++;
      try {
        await store.create(batchKey(prefix, seq), body, meta);
        written++;
        crashPoint('publish-record', written);
        return;
      } catch (error) {
        if (isTagdeployError(error) && error.code === 'OBJECT_CONFLICT') continue;
        lost = true;
        options.onLost?.(error);
        return;
      }
    }
    lost = true;
  };
  const cut = (): void => {
    if (pending.length === 0) return;
    const files = pending;
    pending = [];
    pendingBytes = 0;
    writing = writing.then(() => write(files));
  };
  return {
    add(path, file) {
      pending.push({ path, size: file.size, sha256: file.sha256 });
      pendingBytes += file.size;
      if (pending.length >= batchFiles || pendingBytes >= batchBytes) cut();
    },
    async flush() {
      cut();
      await writing;
    },
  };
}

/** Removes the record after the seal (the folder's own listing: a handful of keys). */
export async function removePublishRecord(store: ObjectStore, prefix: string): Promise<void> {
  for (const key of await store.list(prefix + recordFolder)) await store.delete(key);
}
