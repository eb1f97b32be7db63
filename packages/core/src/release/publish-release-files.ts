// Publish: uploads a release's files under <product>/releases/<version>/ with create-only writes.
// Safe to run again: files already there with the same bytes count as published. A file whose
// bytes equal a file of the previous release is copied inside the store instead of uploaded.
//
// Resume with a record (publish-record.ts): as it goes, the publish writes down which files it
// has stored (path, size, sha256), in batches, for its claim. A later attempt of the same claim
// reads that record (a few GETs) instead of listing the folder, and skips a file only when the
// record holds it with this build's sha256 and size. When the caller also passes the folder as
// it listed it before (release-product does, for its checks), a recorded object that listing
// lacks (deleted since) is uploaded again. Files the record does not name take the create-only
// path below, which is right whatever the store holds.
//
// Resume without a record (none, damaged, another claim): one listing of the release prefix (one
// request per 1,000 keys on S3) tells which keys exist, with their size and a fingerprint (S3:
// the single-part ETag, an MD5; folder: the sha256).
// A file is skipped only when the stored object is shown to hold its bytes: same size, and either
// a fingerprint equal to the digest of the bytes we read now (whose sha256 is also the one that
// goes into release.json), or, when the listing cannot settle it (multipart ETag, SSE-KMS, large
// files where hashing costs more than a request), the sha256 that head() reports, which is what
// create() compares anyway when it finds a key taken. Anything else takes the create-only path,
// which answers 'exists' or fails with OBJECT_CONFLICT naming the key, so release.json never lists
// bytes the store lacks. Trusting the key alone would be faster but wrong: a rebuild may differ.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ListedObject, ObjectStore } from '../store/object-store';
import type { ManifestFile } from './release-manifest';
import type { Reporter } from './ports';
import { crashPoint } from './crash-point';
import { collidesWithRecord, createRecordWriter, readPublishRecord, type ReadRecord, type RecordWriterOptions } from './publish-record';

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
/** Above this size S3 copies only in parts (its CopyObject takes 5 GiB): such a file is uploaded like a new one. */
export const copyMaxBytes = 5 * 2 ** 30;

export interface PublishInput {
  store: ObjectStore;
  prefix: string;
  files: readonly LocalFile[];
  reporter: Reporter;
  /** Keys of the previous release's files by sha256, for server-side copies. */
  previousBySha?: ReadonlyMap<string, string>;
  /** What the uploads are for (tag and commit): a record left for another claim is not used. */
  claim?: string;
  /** The release folder as the caller listed it before: with a record, what it lacks is uploaded again. */
  listed?: readonly ListedObject[];
  /** Batch sizes of the record (tests). */
  record?: Pick<RecordWriterOptions, 'batchFiles' | 'batchBytes'>;
}

export async function publishReleaseFiles(input: PublishInput): Promise<PublishResult> {
  const { store, prefix, files, reporter, previousBySha, claim = '' } = input;
  const recordable = !collidesWithRecord(files);
  const record = recordable ? await readPublishRecord(store, prefix, claim) : undefined;
  const known = record ? knownFromRecord(record, prefix, input.listed) : await knownFromListing(store, prefix);
  const writer = recordable
    ? createRecordWriter(store, prefix, claim, {
        ...input.record,
        after: record?.batches,
        onLost: (error) => reporter.warn(`could not write the publish record in ${store.url}/${prefix} (${(error as Error).message}); a resume of this release will list the folder instead`),
      })
    : undefined;
  const result: PublishResult = { created: 0, copied: 0, existing: 0 };
  const meter = reporter.progress(`uploading to ${store.url}`, { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) });
  const publishOne = async (file: LocalFile): Promise<void> => {
    const key = prefix + file.path;
    const meta = { contentType: file.contentType, cacheControl: file.cacheControl, sha256: file.sha256 };
    const source = file.size >= copyMinBytes && file.size <= copyMaxBytes ? previousBySha?.get(file.sha256) : undefined;
    const skip = await known(file);
    // The store streams the file (a build output may hold files larger than a Buffer can).
    const outcome = skip
      ? 'exists'
      : source
        ? await store.copy(source, key, meta)
        : await store.create(key, { path: file.absPath, size: file.size }, meta);
    if (outcome === 'created') {
      result.created++;
      if (source) result.copied++;
    } else result.existing++;
    // A file skipped on the record's word is in the record already; any other is stored now with these bytes.
    if (!(skip && record)) writer?.add(file.path, file);
    meter.advance(file.size);
    crashPoint('publish', result.created + result.existing);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await publishOne(files[next++]);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(store.concurrency, files.length) }, worker));
  } finally {
    await writer?.flush();
  }
  meter.done();
  const copied = result.copied ? `, ${result.copied} copied from the previous release` : '';
  reporter.info(`published ${files.length} files to ${store.url}/${prefix} (${result.created} new${copied}, ${result.existing} already there)`);
  return result;
}

/** The claim a publish record is kept for: the tag and the commit it points at. */
export const publishClaim = (release: { tag: string; commit: string }): string => `${release.tag} ${release.commit}`;

/** Whether a file is known to be stored with its bytes, without writing: the answer of a record or of a listing. */
type Known = (file: LocalFile) => Promise<boolean>;

/**
 * The record proves the bytes (this build's sha256 and size, for this claim); a listing that the
 * caller made, when given, proves that the object is still there. A file the record does not
 * vouch for is not known: the create-only path settles it.
 */
function knownFromRecord(record: ReadRecord, prefix: string, listed: readonly ListedObject[] | undefined): Known {
  const present = listed && new Map(listed.map((object) => [object.key, object.size]));
  return async (file) => {
    const recorded = record.files.get(file.path);
    if (recorded?.sha256 !== file.sha256 || recorded.size !== file.size) return false;
    return !present || present.get(prefix + file.path) === file.size;
  };
}

async function knownFromListing(store: ObjectStore, prefix: string): Promise<Known> {
  const stored = new Map((await store.listObjects(prefix)).map((object) => [object.key, object]));
  return async (file) => {
    const listed = stored.get(prefix + file.path);
    return listed !== undefined && (await holdsFile(store, listed, file));
  };
}

/** Above this size, one HEAD (the stored sha256) is cheaper than hashing the file again. */
const hashLocallyBelowBytes = 4 * 1024 * 1024;

/**
 * True only when the listed object is shown to hold the file's bytes. An MD5 fingerprint is checked
 * against the file as it is now, whose sha256 must also still be the one that goes into
 * release.json; the read is synchronous on purpose: for the small files that make up most of a
 * release, thread-pool round trips for open/stat/read/close cost more than the read itself.
 * Without a fingerprint that settles it (none, another digest, a large file), the store's head()
 * answers with the sha256 recorded at creation, which is what create() itself compares when it
 * finds a key taken: one request instead of PUT + 412 + HEAD.
 */
export async function holdsFile(store: ObjectStore, listed: ListedObject, file: LocalFile): Promise<boolean> {
  const { fingerprint } = listed;
  if (listed.size !== file.size) return false;
  if (fingerprint?.algorithm === 'sha256') return fingerprint.hex === file.sha256;
  if (fingerprint?.algorithm === 'md5' && file.size < hashLocallyBelowBytes) {
    const body = readFileSync(file.absPath);
    if (digest('md5', body) === fingerprint.hex) return digest('sha256', body) === file.sha256;
  }
  return (await store.head(listed.key))?.sha256 === file.sha256;
}

const digest = (algorithm: 'md5' | 'sha256', body: Buffer): string => createHash(algorithm).update(body).digest('hex');
