// Real s3rver behind our proxy, driven with the real AWS SDK: conditional writes as AWS S3
// enforces them, access control and injected faults.
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { s3Env } from './s3-env';
import { startS3, type S3TestServer } from './start-s3';

let server: S3TestServer;
let s3: S3Client;
let bucket: string;
let bucketCount = 0;

function clientFor(target: S3TestServer, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    credentials: target.credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    ...overrides,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof S3ServiceException)) throw new Error(`expected an S3 service error, got ${String(error)}`);
  return error;
}

async function readText(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToString();
}

beforeAll(async () => {
  server = await startS3();
  s3 = clientFor(server);
});

afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

beforeEach(async () => {
  server.setFaults({});
  bucket = `proxy-test-${++bucketCount}`;
  await server.createBucket(bucket);
});

describe('If-None-Match: * (create only)', () => {
  it('creates a missing object, then refuses to overwrite it with 412 PreconditionFailed', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'release.json', Body: 'first', IfNoneMatch: '*' }));

    const error = await failureOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'release.json', Body: 'second', IfNoneMatch: '*' })));

    expect(error.name).toBe('PreconditionFailed');
    expect(error.$metadata.httpStatusCode).toBe(412);
    expect(error.message).toBe('At least one of the pre-conditions you specified did not hold');
    expect(await readText('release.json')).toBe('first');
  });

  it('lets exactly one of five racing creates win', async () => {
    const bodies = ['a', 'b', 'c', 'd', 'e'].map((name) => `from-${name}`);
    const results = await Promise.allSettled(
      bodies.map((Body) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'pointer.json', Body, IfNoneMatch: '*' }))),
    );

    const winners = results.flatMap((result, index) => (result.status === 'fulfilled' ? [bodies[index]] : []));
    const losers = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as S3ServiceException).name] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toEqual(Array(4).fill('PreconditionFailed'));
    expect(await readText('pointer.json')).toBe(winners[0]);
  });

  it('refuses to complete a multipart upload onto an existing key', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bundle.tgz', Body: 'original' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'bundle.tgz' }));
    const parts = [randomBytes(5 * 1024 * 1024), Buffer.from('tail')];
    const uploaded = [];
    for (const [index, Body] of parts.entries()) {
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'bundle.tgz', UploadId, PartNumber: index + 1, Body }));
      uploaded.push({ ETag, PartNumber: index + 1 });
    }

    const error = await failureOf(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'bundle.tgz', UploadId, MultipartUpload: { Parts: uploaded }, IfNoneMatch: '*' })),
    );

    expect(error.$metadata.httpStatusCode).toBe(412);
    expect(error.name).toBe('PreconditionFailed');
    expect(await readText('bundle.tgz')).toBe('original');
  });

  it('completes a multipart upload onto a missing key', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'fresh.bin' }));
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'fresh.bin', UploadId, PartNumber: 1, Body: 'only part' }));

    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'fresh.bin', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] }, IfNoneMatch: '*' }),
    );

    expect(await readText('fresh.bin')).toBe('only part');
  });

  it('refuses to copy onto an existing key, and copies onto a missing one', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'source.txt', Body: 'source' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'target.txt', Body: 'target' }));

    const error = await failureOf(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'target.txt', CopySource: `${bucket}/source.txt`, IfNoneMatch: '*' })),
    );
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy.txt', CopySource: `${bucket}/source.txt`, IfNoneMatch: '*' }));

    expect(error.$metadata.httpStatusCode).toBe(412);
    expect(await readText('target.txt')).toBe('target');
    expect(await readText('copy.txt')).toBe('source');
  });
});

describe('If-Match: <etag> (compare and swap)', () => {
  it('replaces the object when the ETag is current', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'env/prod.json', Body: '0.1.0' }));

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'env/prod.json', Body: '0.1.1', IfMatch: ETag }));

    expect(await readText('env/prod.json')).toBe('0.1.1');
  });

  it('refuses a stale ETag with 412 and keeps the newer object', async () => {
    const { ETag: stale } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'env/prod.json', Body: '0.1.0' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'env/prod.json', Body: '0.2.0' }));

    const error = await failureOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'env/prod.json', Body: '0.1.1', IfMatch: stale })));

    expect(error.name).toBe('PreconditionFailed');
    expect(error.$metadata.httpStatusCode).toBe(412);
    expect(await readText('env/prod.json')).toBe('0.2.0');
  });

  it('answers 404 NoSuchKey when the key does not exist, and writes nothing', async () => {
    const error = await failureOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'env/none.json', Body: 'x', IfMatch: '"0123456789abcdef0123456789abcdef"' })));

    expect(error.name).toBe('NoSuchKey');
    expect(error.$metadata.httpStatusCode).toBe(404);
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listing.KeyCount).toBe(0);
  });
  it('leaves a missing bucket to s3rver, which answers NoSuchBucket', async () => {
    const error = await failureOf(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x', IfMatch: '"0123456789abcdef0123456789abcdef"' })));

    expect(error.name).toBe('NoSuchBucket');
  });
});

describe('pass-through', () => {
  it('lists more than one page of keys (s3rver needs the OpenSSL legacy provider for this)', async () => {
    const keys = Array.from({ length: 7 }, (_, index) => `releases/${String(index).padStart(2, '0')}.json`);
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));

    const listed: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'releases/', MaxKeys: 3, ContinuationToken }));
      listed.push(...(page.Contents ?? []).map((object) => object.Key!));
      ContinuationToken = page.NextContinuationToken;
      pages++;
    } while (ContinuationToken);

    expect(pages).toBe(3);
    expect(listed).toEqual(keys);
  });

  it('stores the exact bytes of a binary put', async () => {
    const bytes = randomBytes(64 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'blob.bin', Body: bytes }));

    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'blob.bin' }));

    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
  });
});

describe('fault injection', () => {
  it('answers every request with 503 SlowDown or 500 InternalError at errorRate 1, and counts them', async () => {
    const before = server.stats();
    server.setFaults({ errorRate: 1 });

    const errors = [await failureOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a' }))), await failureOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'b' })))];

    expect(errors.map((error) => [error.$metadata.httpStatusCode, error.name]).sort()).toEqual([
      [500, 'InternalError'],
      [503, 'SlowDown'],
    ]);
    expect(server.stats().injectedErrors - before.injectedErrors).toBe(2);
  });

  it('destroys the connection at resetRate 1, so the client sees a socket error', async () => {
    const before = server.stats();
    server.setFaults({ resetRate: 1 });

    const error = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: 'x' })).then(() => undefined, (caught: unknown) => caught as NodeJS.ErrnoException);

    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(S3ServiceException);
    expect(error?.code ?? error?.name).toMatch(/ECONNRESET|EPIPE|socket hang up/i);
    expect(server.stats().resets - before.resets).toBe(1);
    server.setFaults({});
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listing.KeyCount).toBe(0);
  });

  it('injects the same faults for the same seed', async () => {
    const outcomes = async () => {
      server.setFaults({ errorRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let index = 0; index < 8; index++) {
        const result = await s3.send(new ListObjectsV2Command({ Bucket: bucket })).then(
          () => 200,
          (error: S3ServiceException) => error.$metadata.httpStatusCode ?? 0,
        );
        statuses.push(result);
      }
      return statuses;
    };

    const first = await outcomes();
    const second = await outcomes();

    expect(first).toEqual(second);
    expect(first).toContain(200);
    expect(first.some((status) => status >= 500)).toBe(true);
  });

  it('counts requests, forwarded requests and 412s', async () => {
    const before = server.stats();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '1', IfNoneMatch: '*' }));
    await failureOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '2', IfNoneMatch: '*' })));

    const after = server.stats();

    expect(after.requests - before.requests).toBe(2);
    expect(after.forwarded - before.forwarded).toBe(1);
    expect(after.preconditionFailed - before.preconditionFailed).toBe(1);
  });
});

describe('access control', () => {
  let guarded: S3TestServer;

  beforeAll(async () => {
    guarded = await startS3({ accessKeyId: 'TAGDEPLOYTEST' });
    await guarded.createBucket('guarded');
  });

  afterAll(async () => {
    await guarded?.stop();
  });

  it('lets the configured access key through', async () => {
    const client = clientFor(guarded);
    await client.send(new PutObjectCommand({ Bucket: 'guarded', Key: 'ok.txt', Body: 'ok' }));

    const listing = await client.send(new ListObjectsV2Command({ Bucket: 'guarded' }));

    expect(listing.Contents?.map((object) => object.Key)).toEqual(['ok.txt']);
  });

  it('refuses another access key with 403 AccessDenied and stores nothing', async () => {
    const intruder = clientFor(guarded, { credentials: { accessKeyId: 'SOMEONEELSE', secretAccessKey: 'S3RVER' } });

    const error = await failureOf(intruder.send(new PutObjectCommand({ Bucket: 'guarded', Key: 'intruder.txt', Body: 'no' })));

    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(guarded.stats().accessDenied).toBe(1);
    const listing = await clientFor(guarded).send(new ListObjectsV2Command({ Bucket: 'guarded', Prefix: 'intruder' }));
    expect(listing.KeyCount).toBe(0);
  });
});

describe('s3Env', () => {
  it('gives a child process the endpoint, region and credentials of the proxy', () => {
    expect(s3Env(server)).toMatchObject({
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: server.endpoint,
    });
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.endpoint).not.toBe(server.directEndpoint);
  });
});
