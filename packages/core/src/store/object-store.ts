// The ObjectStore port: where release files, release.json and env pointers live.
// Adapters: file-store.ts (embedded default, a folder) and s3-store.ts. Every adapter passes the
// same contract suite (testing/object-store-contract.ts) against the real thing.

export interface ObjectMeta {
  contentType: string;
  cacheControl?: string;
  /** Lower-case hex sha256 of the body. */
  sha256: string;
}

export interface ObjectHead extends ObjectMeta {
  size: number;
  /** Opaque version token for compare-and-swap. */
  etag: string;
}

export type CreateResult = 'created' | 'exists';

/** What hashing an object's stored bytes gives. */
export interface ObjectDigest {
  /** Lower-case hex sha256 of the bytes. */
  sha256: string;
  size: number;
}

/** A file on disk to store. Stores stream it: its size is not bounded by memory (a Buffer holds at most 2 GiB of a file). */
export interface FileBody {
  path: string;
  size: number;
}

export type ObjectBody = Buffer | FileBody;

/** What a store would refuse of an object, found before anything is written. */
export interface WriteProblem {
  /** The object it is about; absent when it is about them all (free space, the source folder). */
  key?: string;
  /** Why, e.g. "is 1,100 bytes long; S3 keys take at most 1,024 (UTF-8)". */
  problem: string;
}

/**
 * A digest of an object's whole body, as the store's listing gives it. A fingerprint EQUAL to the
 * digest of some bytes proves the object holds those bytes; an unequal one proves nothing (S3's
 * ETag is the MD5 of a single-part upload, but not under SSE-KMS/SSE-C). Stores give none when they
 * cannot vouch for the bytes cheaply (S3 multipart ETags "<hash>-<parts>", a stale sidecar).
 */
export interface ContentFingerprint {
  algorithm: 'md5' | 'sha256';
  /** Lower-case hex digest of the whole body. */
  hex: string;
}

export interface ListedObject {
  key: string;
  size: number;
  /** Absent when the store cannot vouch for the bytes cheaply; then only head/get can tell. */
  fingerprint?: ContentFingerprint;
}

export interface ObjectStore {
  /** Human-readable location, e.g. "file:.tagdeploy/store" or "s3://bucket/prefix". */
  readonly url: string;
  /** How many writes the store takes well at once; the publisher sizes its pool with it. */
  readonly concurrency: number;
  /**
   * Creates the object only if the key is free. When the key exists with the same sha256 the
   * result is 'exists' (a resumed publish); with other bytes it throws OBJECT_CONFLICT naming
   * the key. Never overwrites. A FileBody is streamed; when its bytes turn out not to have
   * `meta.sha256` (the file changed after it was hashed) nothing stays stored and it throws
   * CHECKSUM_MISMATCH.
   */
  create(key: string, body: ObjectBody, meta: ObjectMeta): Promise<CreateResult>;
  /**
   * Copies `fromKey` to `toKey` inside the store (server-side where the store can), with `meta`
   * as the new object's metadata. Create-only, like create(): an existing `toKey` with the same
   * sha256 gives 'exists', other bytes throw OBJECT_CONFLICT. Throws PRECONDITION_FAILED when
   * `fromKey` is absent and CHECKSUM_MISMATCH when its sha256 is not `meta.sha256`.
   */
  copy(fromKey: string, toKey: string, meta: ObjectMeta): Promise<CreateResult>;
  /** The object's metadata, or undefined when absent. */
  head(key: string): Promise<ObjectHead | undefined>;
  /** The object's bytes and metadata, or undefined when absent. */
  get(key: string): Promise<{ body: Buffer; head: ObjectHead } | undefined>;
  /**
   * The sha256 and size of the bytes stored now, read and hashed (streamed: any size), or undefined
   * when absent. Unlike head(), never taken from metadata: verification uses it to prove the bytes.
   */
  digest(key: string): Promise<ObjectDigest | undefined>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * The folders directly inside a folder (`prefix` is "" or ends with "/"): their names, each
   * holding at least one object, sorted. S3's delimiter listing (one request per 1,000 folders),
   * a readdir on the folder store: its cost grows with the number of folders, not of objects.
   */
  listFolders(prefix: string): Promise<string[]>;
  /**
   * Like list(), with each object's size and, where the listing carries one, a fingerprint of its
   * bytes (one request per 1,000 keys on S3). A resumed publish skips the files it proves equal.
   */
  listObjects(prefix: string): Promise<ListedObject[]>;
  /**
   * Compare-and-swap: replaces the object only if its etag is still `ifMatch` (or, with null,
   * only if it does not exist). Throws PRECONDITION_FAILED otherwise. Returns the new etag.
   */
  replace(key: string, body: Buffer, meta: ObjectMeta, ifMatch: string | null): Promise<string>;
  /**
   * What would stop create() of these objects, found without writing: keys the store cannot
   * hold, objects larger than it takes, more bytes than it has room for, a `sourceDir` (where the
   * bytes come from) that overlaps the store itself. Empty when all can be written.
   */
  findWriteProblems(objects: readonly { key: string; size: number }[], sourceDir?: string): Promise<WriteProblem[]>;
  /** Fails with STORE_UNAVAILABLE unless the store can be read and written (checked before a tag is claimed). */
  checkWritable(): Promise<void>;
  /**
   * Removes an object; an absent key is not an error (a rerun of an interrupted prune). Only
   * release-prune deletes: releases are otherwise immutable.
   */
  delete(key: string): Promise<void>;
}
