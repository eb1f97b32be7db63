// The s3:// store: objects under `<prefix>/<key>` in one bucket. Release objects are created
// with If-None-Match: * (never overwritten), env pointers replaced with If-Match on their ETag.
// The sha256 of every object lives in its metadata (x-amz-meta-sha256); on AWS it is also sent
// as the request's checksum so that S3 refuses bytes that changed on the way.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { TagdeployError } from '../errors/tagdeploy-error';
import { contentTypeFor } from './content-type';
import { checksumMismatch, copySourceMismatch, copySourceMissing } from './copy-errors';
import { invalidKey, keyProblem } from './key-rules';
import type { CreateResult, FileBody, ListedObject, ObjectBody, ObjectDigest, ObjectHead, ObjectMeta, ObjectStore, WriteProblem } from './object-store';
import { createS3Client, type S3StoreConfig } from './s3-client';
import { attemptsOf, isNotFound, isPreconditionFailed, toS3StoreError } from './s3-errors';
import { fingerprintOfEtag } from './s3-fingerprint';
import { networkCodeOf } from './s3-retry';
import { parseS3Url } from './s3-url';
import { hashingTap } from './stream-file';

export type { S3StoreConfig } from './s3-client';

export interface S3StoreOptions {
  /** Bodies of at least this many bytes go multipart (default 16 MiB). */
  multipartThreshold?: number;
  /** Part size of a multipart upload (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
  /** Attempts per request, retries included (default 10). */
  maxAttempts?: number;
  /** A request whose socket stays idle this long fails with TimeoutError and is retried (default 60 s). */
  socketTimeoutMs?: number;
  /** Send the sha256 as the request checksum; default: only on AWS, not on a custom endpoint. */
  sendChecksums?: boolean;
  env?: NodeJS.ProcessEnv;
}

const bookkeeping = '.tagdeploy/';
const partsInFlight = 4;
/** S3's limits: the key (prefix included) in UTF-8 bytes, one object, the parts of one upload. */
export const s3Limits = { keyBytes: 1024, objectBytes: 5 * 2 ** 40, parts: 10_000 };

const sha256 = (body: Uint8Array): string => createHash('sha256').update(body).digest('hex');
const unquote = (etag: string | undefined): string => (etag ?? '').replace(/^(W\/)?"|"$/g, '');
const quote = (etag: string): string => (etag.startsWith('"') ? etag : `"${etag}"`);

export class S3Store implements ObjectStore {
  readonly url: string;
  readonly concurrency: number;
  readonly bucket: string;
  readonly prefix: string;
  /** The custom endpoint, undefined when talking to AWS. */
  readonly endpoint: string | undefined;
  private readonly client: S3Client;
  private readonly region: () => Promise<string>;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly sendChecksums: boolean;
  private readonly env: NodeJS.ProcessEnv;

  constructor(config: S3StoreConfig, options: S3StoreOptions = {}) {
    const { bucket, prefix } = parseS3Url(config.url);
    this.url = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
    this.bucket = bucket;
    this.prefix = prefix;
    this.concurrency = positiveInteger(config.concurrency, 16, config.url);
    this.env = options.env ?? process.env;
    const built = createS3Client(config, this.env, {
      maxAttempts: options.maxAttempts ?? 10,
      maxSockets: this.concurrency * partsInFlight + 8,
      socketTimeoutMs: options.socketTimeoutMs ?? 60_000,
    });
    this.client = built.client;
    this.endpoint = built.endpoint;
    this.region = built.region;
    this.multipartThreshold = options.multipartThreshold ?? 16 * 1024 * 1024;
    this.partSize = Math.max(options.partSize ?? 8 * 1024 * 1024, 5 * 1024 * 1024);
    this.sendChecksums = options.sendChecksums ?? built.endpoint === undefined;
  }

  async create(key: string, body: ObjectBody, meta: ObjectMeta): Promise<CreateResult> {
    if (!Buffer.isBuffer(body)) {
      return body.size < this.multipartThreshold ? this.create(key, await readFile(body.path), meta) : this.createFromFile(key, body, meta);
    }
    const actual = this.checkedSha(key, body, meta);
    const input = this.putInput(key, body, body.length, meta, actual);
    try {
      if (body.length >= this.multipartThreshold) {
        // A resumed publish must not send a large file again just to learn that it is there.
        const found = await this.head(key);
        if (found) return this.existing(key, actual, found);
        await this.uploadMultipart(input, body.length);
      } else {
        await this.client.send(new PutObjectCommand({ ...input, IfNoneMatch: '*', ...this.checksum(actual) }));
      }
      return 'created';
    } catch (error) {
      // 412 is also what a retry meets when our own earlier attempt got through.
      if (!isPreconditionFailed(error)) throw await this.failed(error, `write ${this.url}/${key}`);
    }
    return this.existing(key, actual);
  }

  /**
   * A large file, streamed in parts and hashed on the way. Its sha256 goes into the metadata before
   * the bytes are read, so bytes that turn out to differ (the file changed since it was hashed) are
   * deleted again: the object was ours, created under If-None-Match.
   */
  private async createFromFile(key: string, file: FileBody, meta: ObjectMeta): Promise<CreateResult> {
    this.objectKey(key);
    const found = await this.head(key);
    if (found) return this.existing(key, meta.sha256, found);
    const tap = hashingTap();
    const body = pipeline(createReadStream(file.path), tap.stream, () => undefined);
    try {
      await this.uploadMultipart({ ...this.putInput(key, body, file.size, meta, meta.sha256) }, file.size);
    } catch (error) {
      if (!isPreconditionFailed(error)) throw await this.failed(error, `write ${this.url}/${key}`);
      return this.existing(key, meta.sha256);
    }
    const sent = tap.digest();
    if (sent.sha256 === meta.sha256 && sent.size === file.size) return 'created';
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })).catch(() => undefined);
    throw checksumMismatch(this.url, key, sent.sha256, meta.sha256);
  }

  /** Keys S3 refuses or that exceed its key length, and objects above its 5 TiB limit. */
  async findWriteProblems(objects: readonly { key: string; size: number }[]): Promise<WriteProblem[]> {
    const problems: WriteProblem[] = [];
    for (const { key, size } of objects) {
      const why = this.keyProblemHere(key) ??
        (size > s3Limits.objectBytes ? `is ${size} bytes; an S3 object holds at most 5 TiB (${s3Limits.objectBytes} bytes)` : undefined);
      if (why) problems.push({ key, problem: why });
    }
    return problems;
  }

  async copy(fromKey: string, toKey: string, meta: ObjectMeta): Promise<CreateResult> {
    const source = await this.head(fromKey);
    if (!source) throw copySourceMissing(this.url, fromKey, toKey);
    if (source.sha256 !== meta.sha256) throw copySourceMismatch(this.url, fromKey, toKey, source.sha256, meta.sha256);
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(toKey),
          CopySource: `${this.bucket}/${encodeURIComponent(this.objectKey(fromKey)).replace(/%2F/g, '/')}`,
          MetadataDirective: 'REPLACE',
          ContentType: meta.contentType,
          ...(meta.cacheControl !== undefined ? { CacheControl: meta.cacheControl } : {}),
          Metadata: { sha256: meta.sha256 },
          IfNoneMatch: '*',
        }),
      );
      return 'created';
    } catch (error) {
      if (!isPreconditionFailed(error)) throw await this.failed(error, `copy ${this.url}/${fromKey} to ${toKey}`);
    }
    return this.existing(toKey, meta.sha256);
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    let answer;
    try {
      answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw await this.failed(error, `read ${this.url}/${key}`);
    }
    const sha = answer.Metadata?.sha256;
    // Written by something else than tagdeploy: the bytes are the truth.
    if (!sha) return (await this.get(key))?.head;
    return toHead(key, { ...answer, sha256: sha });
  }

  async get(key: string): Promise<{ body: Buffer; head: ObjectHead } | undefined> {
    return this.readBody(key, async (answer) => {
      const body = Buffer.from((await answer.Body?.transformToByteArray()) ?? new Uint8Array());
      return { body, head: toHead(key, { ...answer, ContentLength: body.length, sha256: sha256(body) }) };
    });
  }

  async digest(key: string): Promise<ObjectDigest | undefined> {
    // Streamed through the hash: any size.
    return this.readBody(key, async (answer) => {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of (answer.Body ?? []) as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.length;
      }
      return { sha256: hash.digest('hex'), size };
    });
  }

  /** GetObject and `read` its answer; undefined when absent. */
  private async readBody<T>(key: string, read: (answer: GetObjectCommandOutput) => Promise<T>): Promise<T | undefined> {
    // The SDK retries a request, not the reading of a response body: a reset mid-body is retried here.
    for (let attempt = 1; ; attempt++) {
      try {
        return await read(await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        if (attempt < 4 && networkCodeOf(error) && (error as { $metadata?: unknown }).$metadata === undefined) continue;
        throw await this.failed(error, `read ${this.url}/${key}`);
      }
    }
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.listObjects(prefix)).map((object) => object.key);
  }

  async listFolders(prefix: string): Promise<string[]> {
    if (prefix !== '' && !prefix.endsWith('/')) throw invalidKey(this.url, prefix, 'does not end with "/" (a folder to list must)');
    const under = this.objectKey('') + prefix;
    const folders: string[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: under, Delimiter: '/', ContinuationToken: token }));
      } catch (error) {
        throw await this.failed(error, `list ${this.url}/${prefix}`);
      }
      for (const common of page.CommonPrefixes ?? []) {
        const name = common.Prefix?.slice(under.length, -1);
        if (name && !`${prefix}${name}/`.startsWith(bookkeeping)) folders.push(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async listObjects(prefix: string): Promise<ListedObject[]> {
    const base = this.objectKey('');
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: base + prefix, ContinuationToken: token }));
      } catch (error) {
        throw await this.failed(error, `list ${this.url}/${prefix}`);
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(base.length);
        if (key && !key.startsWith(bookkeeping)) {
          const fingerprint = fingerprintOfEtag(object.ETag);
          objects.push({ key, size: object.Size ?? 0, ...(fingerprint ? { fingerprint } : {}) });
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async replace(key: string, body: Buffer, meta: ObjectMeta, ifMatch: string | null): Promise<string> {
    const actual = this.checkedSha(key, body, meta);
    const condition = ifMatch === null ? { IfNoneMatch: '*' } : { IfMatch: quote(ifMatch) };
    try {
      const answer = await this.client.send(new PutObjectCommand({ ...this.putInput(key, body, body.length, meta, actual), ...condition, ...this.checksum(actual) }));
      return unquote(answer.ETag);
    } catch (error) {
      const lost = isPreconditionFailed(error) || (ifMatch !== null && isNotFound(error));
      if (!lost) throw await this.failed(error, `write ${this.url}/${key}`);
      const current = await this.head(key);
      // A retry that finds the bytes it sent: the earlier attempt won and only its answer was lost.
      if (attemptsOf(error) > 1 && current?.sha256 === actual) return current.etag;
      throw preconditionFailed(`${this.url}/${key}`, current?.etag ?? null, ifMatch);
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for an absent key too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })).catch(async (error: unknown) => {
      throw await this.failed(error, `delete ${this.url}/${key}`);
    });
  }

  async checkWritable(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw await this.failed(error, `check bucket "${this.bucket}"`);
    }
    const probe = this.withPrefix(`${bookkeeping}probe-${randomBytes(6).toString('hex')}`);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: probe, Body: 'probe', ContentType: 'text/plain', IfNoneMatch: '*' }));
    } catch (error) {
      throw await this.failed(error, `write a probe object to s3://${this.bucket}/${probe}`);
    }
    // Writing is what a release needs; a store that forbids deleting is still usable.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: probe })).catch(() => undefined);
  }

  /** Closes the client's sockets (tests, long-lived processes). */
  destroy(): void {
    this.client.destroy();
  }

  private async uploadMultipart(input: PutObjectCommandInput, size: number): Promise<void> {
    // lib-storage passes IfNoneMatch on to CompleteMultipartUpload and aborts the upload on failure.
    const upload = new Upload({
      client: this.client,
      params: { ...input, IfNoneMatch: '*', ...(this.sendChecksums ? { ChecksumAlgorithm: 'SHA256' } : {}) },
      // Parts grow with the file, so that even a 5 TiB object fits in S3's 10,000 parts.
      partSize: Math.max(this.partSize, Math.ceil(size / s3Limits.parts)),
      queueSize: partsInFlight,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /** The object at a key that a conditional write found taken: ours ('exists') or a conflict. */
  private async existing(key: string, actual: string, found?: ObjectHead): Promise<CreateResult> {
    const current = found ?? (await this.head(key));
    if (!current) {
      throw new TagdeployError('STORE_UNAVAILABLE', `${this.url}/${key} was reported as existing but cannot be read back. Check the bucket's consistency and rerun.`);
    }
    if (current.sha256 === actual) return 'exists';
    throw new TagdeployError(
      'OBJECT_CONFLICT',
      `${this.url}/${key} already exists with other bytes (sha256 ${current.sha256}, new ${actual}). A release is never overwritten: publish a new version instead, or delete s3://${this.bucket}/${this.objectKey(key)} by hand if that release was never deployed.`,
    );
  }

  private putInput(key: string, body: Buffer | Readable, length: number, meta: ObjectMeta, sha: string): PutObjectCommandInput {
    return {
      Bucket: this.bucket,
      Key: this.objectKey(key),
      Body: body,
      ContentLength: length,
      ContentType: meta.contentType,
      ...(meta.cacheControl !== undefined ? { CacheControl: meta.cacheControl } : {}),
      Metadata: { sha256: sha },
    };
  }

  private checksum(sha: string): { ChecksumSHA256?: string } {
    return this.sendChecksums ? { ChecksumSHA256: Buffer.from(sha, 'hex').toString('base64') } : {};
  }

  /** `<prefix>/<key>`; refuses keys that are not plain relative paths (like the file store) or that S3 cannot hold. */
  private objectKey(key: string): string {
    const why = key === '' ? undefined : this.keyProblemHere(key);
    if (why) throw invalidKey(this.url, key, why);
    return this.withPrefix(key);
  }

  private keyProblemHere(key: string): string | undefined {
    const common = keyProblem(key);
    if (common) return common;
    if (key.startsWith(bookkeeping)) return `starts with ${bookkeeping}, the store's own folder`;
    const bytes = Buffer.byteLength(this.withPrefix(key));
    if (bytes > s3Limits.keyBytes) return `makes an S3 key of ${bytes} bytes with the store's prefix; S3 keys take at most ${s3Limits.keyBytes} bytes (UTF-8)`;
    return undefined;
  }

  private withPrefix(key: string): string {
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private checkedSha(key: string, body: Buffer, meta: ObjectMeta): string {
    this.objectKey(key);
    const actual = sha256(body);
    if (meta.sha256 && meta.sha256 !== actual) throw checksumMismatch(this.url, key, actual, meta.sha256);
    return actual;
  }

  private async failed(error: unknown, doing: string): Promise<TagdeployError> {
    if (error instanceof TagdeployError) return error;
    const where = this.endpoint ?? `AWS S3 (region ${await this.region()})`;
    return toS3StoreError(error, { url: this.url, bucket: this.bucket, where, doing }, this.env);
  }
}

interface HeadFields {
  ContentType?: string;
  CacheControl?: string;
  ContentLength?: number;
  ETag?: string;
  sha256: string;
}

function toHead(key: string, fields: HeadFields): ObjectHead {
  return {
    contentType: fields.ContentType ?? contentTypeFor(key),
    ...(fields.CacheControl !== undefined ? { cacheControl: fields.CacheControl } : {}),
    sha256: fields.sha256,
    size: fields.ContentLength ?? 0,
    etag: unquote(fields.ETag),
  };
}

function preconditionFailed(where: string, current: string | null, ifMatch: string | null): TagdeployError {
  const what = current === null
    ? `does not exist (expected etag ${ifMatch})`
    : ifMatch === null
      ? `already exists (etag ${current}) but was expected to be absent`
      : `has changed (etag ${current}, expected ${ifMatch})`;
  return new TagdeployError('PRECONDITION_FAILED', `${where} ${what}: someone else wrote it first. Read it again and retry.`);
}

function positiveInteger(value: number | undefined, fallback: number, url: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    throw new TagdeployError('INVALID_CONFIG', `"concurrency" of store ${url} is ${value}; use a whole number from 1 to 1024 (default ${fallback}).`);
  }
  return value;
}
