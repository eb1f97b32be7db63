// Publish: uploads a release's files under <product>/releases/<version>/ with create-only writes.
// Safe to run again: files already there with the same bytes count as published. A file whose
// bytes equal a file of the previous release is copied inside the store instead of uploaded.
//
// Resume: one listing of the release prefix (one request per 1,000 keys on S3) tells which keys
// exist, with their size and a fingerprint (S3: the single-part ETag, an MD5; folder: the sha256).
// A file is skipped only when the stored object is PROVEN to hold its bytes: same size, and a
// fingerprint equal to the digest of the bytes we read now, whose sha256 is also the one that goes
// into release.json. Anything short of proof (no fingerprint, as for multipart objects; another
// digest, as under SSE-KMS; other bytes) takes the normal create-only path, which answers 'exists'
// or fails with OBJECT_CONFLICT naming the key, so release.json never lists bytes the store lacks.
// Trusting the key alone would be faster but wrong: a rebuilt release may differ byte for byte.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ListedObject, ObjectStore } from '../store/object-store';
import type { ManifestFile } from './release-manifest';
import type { Reporter } from './ports';
import { crashPoint } from './crash-point';

export interface LocalFile extends ManifestFile {
  absPath: string;
}

export interface PublishResult {
  created: number;
  /** Of the created ones, how many were copied from the previous release inside the store. */
  copied: number;
  existing: number;
}

/** Below this size an upload costs about what a server-side copy does, so copying gains nothing. */
export const copyMinBytes = 64 * 1024;

export interface PublishInput {
  store: ObjectStore;
  prefix: string;
  files: readonly LocalFile[];
  reporter: Reporter;
  /** Keys of the previous release's files by sha256, for server-side copies. */
  previousBySha?: ReadonlyMap<string, string>;
}

export async function publishReleaseFiles({ store, prefix, files, reporter, previousBySha }: PublishInput): Promise<PublishResult> {
  const stored = new Map((await store.listObjects(prefix)).map((object) => [object.key, object]));
  const result: PublishResult = { created: 0, copied: 0, existing: 0 };
  const meter = reporter.progress(`uploading to ${store.url}`, { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) });
  const publishOne = async (file: LocalFile): Promise<void> => {
    const key = prefix + file.path;
    const meta = { contentType: file.contentType, cacheControl: file.cacheControl, sha256: file.sha256 };
    const listed = stored.get(key);
    const body = listed && listed.size === file.size && listed.fingerprint?.algorithm === 'md5' ? await readFile(file.absPath) : undefined;
    const source = file.size >= copyMinBytes ? previousBySha?.get(file.sha256) : undefined;
    const outcome = listed && holdsBytes(listed, file, body)
      ? 'exists'
      : source
        ? await store.copy(source, key, meta)
        : await store.create(key, body ?? (await readFile(file.absPath)), meta);
    if (outcome === 'created') {
      result.created++;
      if (source) result.copied++;
    } else result.existing++;
    meter.advance(file.size);
    crashPoint('publish', result.created + result.existing);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await publishOne(files[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(store.concurrency, files.length) }, worker));
  meter.done();
  const copied = result.copied ? `, ${result.copied} copied from the previous release` : '';
  reporter.info(`published ${files.length} files to ${store.url}/${prefix} (${result.created} new${copied}, ${result.existing} already there)`);
  return result;
}

/**
 * True only when the listed object provably holds the file's bytes. `body` is the file as read
 * now (needed for an MD5 fingerprint): its sha256 must still be the one recorded for release.json.
 */
function holdsBytes(listed: ListedObject, file: LocalFile, body: Buffer | undefined): boolean {
  const { fingerprint } = listed;
  if (!fingerprint || listed.size !== file.size) return false;
  if (fingerprint.algorithm === 'sha256') return fingerprint.hex === file.sha256;
  if (!body) return false;
  return digest('md5', body) === fingerprint.hex && digest('sha256', body) === file.sha256;
}

const digest = (algorithm: 'md5' | 'sha256', body: Buffer): string => createHash(algorithm).update(body).digest('hex');
