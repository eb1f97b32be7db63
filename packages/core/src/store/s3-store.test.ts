// S3Store against real s3rver behind our proxy (tools/s3), which enforces If-None-Match and
// If-Match the way AWS S3 does and injects faults. Credentials come from the environment, as the
// SDK's default chain reads them for users.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClosedPort, startS3, useS3Credentials, type S3TestServer } from './testing/s3-test-server';
import { isTagdeployError, type TagdeployError } from '../errors/tagdeploy-error';
import type { ObjectMeta } from './object-store';
import { S3Store, type S3StoreConfig, type S3StoreOptions } from './s3-store';
import { describeObjectStoreContract } from './testing/object-store-contract';

let server: S3TestServer;
let bucket: string;
let storeCount = 0;
let restoreEnv: () => void;
const stores: S3Store[] = [];

beforeAll(async () => {
  server = await startS3();
  bucket = `tagdeploy-${randomBytes(4).toString('hex')}`;
  await server.createBucket(bucket);
  restoreEnv = useS3Credentials(server);
}, 60_000);

afterAll(async () => {
  stores.splice(0).forEach((store) => store.destroy());
  await server?.stop();
  restoreEnv?.();
});

function anS3Store(config: Partial<S3StoreConfig> = {}, options: S3StoreOptions = {}): S3Store {
  const store = new S3Store({ url: `s3://${bucket}/run-${++storeCount}/releases`, endpoint: server.endpoint, ...config }, options);
  stores.push(store);
  return store;
}

const sha = (body: Buffer): string => createHash('sha256').update(body).digest('hex');
const metaOf = (body: Buffer, contentType = 'application/octet-stream'): ObjectMeta => ({ contentType, cacheControl: 'public, max-age=31536000, immutable', sha256: sha(body) });

async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

describeObjectStoreContract('S3Store on s3rver behind the conditional-write proxy', async () => {
  const store = anS3Store();
  return { store, cleanup: async () => undefined };
});

describe('S3Store layout and configuration', () => {
  it('stores objects under <prefix>/<key> with the sha256 in the metadata and no double slashes', async () => {
    const store = anS3Store({ url: `s3://${bucket}/layout/` });
    const root = anS3Store({ url: `s3://${bucket}` });
    const body = Buffer.from('<h1>hi</h1>');

    await store.create('checkout/releases/0.1.0/index.html', body, metaOf(body, 'text/html; charset=utf-8'));

    expect(store.url).toBe(`s3://${bucket}/layout`);
    expect(await root.list('layout/')).toEqual(['layout/checkout/releases/0.1.0/index.html']);
    expect(await root.head('layout/checkout/releases/0.1.0/index.html')).toMatchObject({ sha256: sha(body), contentType: 'text/html; charset=utf-8', size: body.length });
  });

  it('takes the endpoint from AWS_ENDPOINT_URL_S3 and defaults to path style and us-east-1', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = server.endpoint;
    try {
      const store = anS3Store({ endpoint: undefined });
      expect(store.endpoint).toBe(server.endpoint);
      await expect(store.checkWritable()).resolves.toBeUndefined();
    } finally {
      delete process.env.AWS_ENDPOINT_URL_S3;
    }
  });

  it('stores the exact bytes when the sha256 is sent as the request checksum (as on AWS)', async () => {
    const store = anS3Store({}, { sendChecksums: true });
    const body = randomBytes(100_000);
    await store.create('app.bin', body, metaOf(body));
    expect((await store.get('app.bin'))?.body.equals(body)).toBe(true);
  });

  it('leaves no probe object behind after checkWritable', async () => {
    const root = anS3Store({ url: `s3://${bucket}/probe-check` });
    await root.checkWritable();
    expect(await anS3Store({ url: `s3://${bucket}` }).list('probe-check/')).toEqual([]);
  });

  it('offers 16 writes at once unless configured', () => {
    expect(anS3Store().concurrency).toBe(16);
    expect(anS3Store({ concurrency: 64 }).concurrency).toBe(64);
  });
});

describe('S3Store multipart', () => {
  const big = randomBytes(20 * 1024 * 1024);

  it('uploads a 20 MB file in parts and reads back the same bytes and sha256', async () => {
    const store = anS3Store();
    const before = server.stats().forwarded;

    expect(await store.create('checkout/releases/0.1.0/video.mp4', big, metaOf(big, 'video/mp4'))).toBe('created');

    // HeadObject, CreateMultipartUpload, three 8 MiB parts, CompleteMultipartUpload.
    expect(server.stats().forwarded - before).toBe(6);
    const got = await store.get('checkout/releases/0.1.0/video.mp4');
    expect(got?.body.equals(big)).toBe(true);
    expect(got?.head).toMatchObject({ sha256: sha(big), size: big.length, contentType: 'video/mp4' });
    expect((await store.head('checkout/releases/0.1.0/video.mp4'))?.sha256).toBe(sha(big));
  });

  it('answers "exists" for the same large file without sending it again', async () => {
    const store = anS3Store();
    await store.create('video.mp4', big, metaOf(big));
    const before = server.stats().requests;

    expect(await store.create('video.mp4', big, metaOf(big))).toBe('exists');

    // One HeadObject: its sha256 metadata settles it.
    expect(server.stats().requests - before).toBe(1);
  });

  it('lists a multipart object with the MD5 of its whole body on s3rver (AWS: "<hash>-<parts>", no fingerprint)', async () => {
    const store = anS3Store();
    await store.create('video.mp4', big, metaOf(big));

    const [listed] = await store.listObjects('');

    // s3rver, unlike AWS, stores a completed multipart upload as one object with a plain MD5 ETag.
    expect(listed).toEqual({ key: 'video.mp4', size: big.length, fingerprint: { algorithm: 'md5', hex: createHash('md5').update(big).digest('hex') } });
  });

  it('refuses a large file onto a key holding other bytes with OBJECT_CONFLICT', async () => {
    const store = anS3Store();
    const other = Buffer.from('a small file already there');
    await store.create('video.mp4', other, metaOf(other));

    const error = await failure(store.create('video.mp4', big, metaOf(big)));

    expect(error.code).toBe('OBJECT_CONFLICT');
    expect(error.message).toContain(`${store.url}/video.mp4 already exists with other bytes`);
    expect((await store.get('video.mp4'))?.body.equals(other)).toBe(true);
  });

  it('lets one of two racing multipart uploads of different bytes win; the other gets OBJECT_CONFLICT (If-None-Match on completion)', async () => {
    const store = anS3Store();
    const rival = randomBytes(18 * 1024 * 1024);
    const before = server.stats().preconditionFailed;

    const results = await Promise.allSettled([store.create('race.bin', big, metaOf(big)), store.create('race.bin', rival, metaOf(rival))]);

    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect((lost[0].reason as TagdeployError).code).toBe('OBJECT_CONFLICT');
    const winner = results[0].status === 'fulfilled' ? big : rival;
    expect((await store.get('race.bin'))?.body.equals(winner)).toBe(true);
    expect(server.stats().preconditionFailed - before).toBe(1);
  });
});

describe('S3Store with files on disk (streamed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-s3-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const aFile = (name: string, bytes: Buffer) => {
    writeFileSync(join(dir, name), bytes);
    return { path: join(dir, name), size: bytes.length };
  };

  it('streams a file above the multipart threshold in parts, with its sha256, and answers "exists" the second time', async () => {
    const store = anS3Store({}, { multipartThreshold: 6 * 1024 * 1024, partSize: 5 * 1024 * 1024 });
    const bytes = randomBytes(12 * 1024 * 1024);
    const file = aFile('video.mp4', bytes);

    expect(await store.create('checkout/releases/0.1.0/video.mp4', file, metaOf(bytes, 'video/mp4'))).toBe('created');
    expect(await store.create('checkout/releases/0.1.0/video.mp4', file, metaOf(bytes, 'video/mp4'))).toBe('exists');

    const got = await store.get('checkout/releases/0.1.0/video.mp4');
    expect(got?.body.equals(bytes)).toBe(true);
    expect(got?.head).toMatchObject({ sha256: sha(bytes), size: bytes.length, contentType: 'video/mp4' });
  });

  it('uploads a small file read from disk in one request', async () => {
    const store = anS3Store();
    const bytes = Buffer.from('<h1>small</h1>');
    expect(await store.create('index.html', aFile('index.html', bytes), metaOf(bytes, 'text/html'))).toBe('created');
    expect((await store.get('index.html'))?.body.equals(bytes)).toBe(true);
  });

  it('deletes what it streamed when the file changed after it was hashed (CHECKSUM_MISMATCH), leaving no object', async () => {
    const store = anS3Store({}, { multipartThreshold: 6 * 1024 * 1024, partSize: 5 * 1024 * 1024 });
    const hashed = randomBytes(7 * 1024 * 1024);
    const file = aFile('changed.bin', randomBytes(hashed.length));

    const error = await failure(store.create('changed.bin', file, metaOf(hashed)));

    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain(`${store.url}/changed.bin have sha256`);
    expect(error.message).toContain(`not ${sha(hashed)}`);
    expect(await store.head('changed.bin')).toBeUndefined();
  });
});

describe('S3Store.findWriteProblems', () => {
  it('finds nothing wrong with ordinary release files, a key of exactly 1,024 bytes with the prefix included', async () => {
    const store = anS3Store({ url: `s3://${bucket}/p` });
    const longest = `checkout/${'k'.repeat(1024 - 'p/checkout/'.length)}`;
    expect(await store.findWriteProblems([{ key: 'checkout/releases/0.1.0/index.html', size: 10 }, { key: longest, size: 5 * 2 ** 40 }])).toEqual([]);
  });

  it('names keys S3 cannot hold and objects above 5 TiB, and writes nothing', async () => {
    const store = anS3Store({ url: `s3://${bucket}/limits` });
    const objects = [
      { key: `checkout/${'k'.repeat(1024)}`, size: 1 },
      { key: `checkout/${'é'.repeat(508)}`, size: 1 },
      { key: 'checkout/a\\b.js', size: 1 },
      { key: 'checkout/bell\x07.js', size: 1 },
      { key: 'checkout/huge.bin', size: 5 * 2 ** 40 + 1 },
    ];

    const problems = await store.findWriteProblems(objects);

    expect(problems).toEqual([
      { key: objects[0].key, problem: 'makes an S3 key of 1040 bytes with the store\'s prefix; S3 keys take at most 1024 bytes (UTF-8)' },
      { key: objects[1].key, problem: 'makes an S3 key of 1032 bytes with the store\'s prefix; S3 keys take at most 1024 bytes (UTF-8)' },
      { key: objects[2].key, problem: 'contains a backslash' },
      { key: objects[3].key, problem: expect.stringContaining('contains a control character') },
      { key: objects[4].key, problem: 'is 5497558138881 bytes; an S3 object holds at most 5 TiB (5497558138880 bytes)' },
    ]);
    expect(await anS3Store({ url: `s3://${bucket}` }).list('limits/')).toEqual([]);
  });

  it('refuses a key over 1,024 bytes when writing too (INVALID_KEY)', async () => {
    const store = anS3Store();
    const key = `a/${'k'.repeat(1100)}`;
    const error = await failure(store.create(key, Buffer.from('x'), metaOf(Buffer.from('x'))));
    expect(error.code).toBe('INVALID_KEY');
    expect(error.message).toContain('S3 keys take at most 1024 bytes');
  });
});

describe('S3Store under faults', () => {
  it('creates 50 objects through 30% 5xx answers and 10% connection resets, byte for byte', async () => {
    const store = anS3Store();
    const bodies = Array.from({ length: 50 }, (_, i) => randomBytes(1_000 + i * 997));
    const before = server.stats();
    server.setFaults({ errorRate: 0.3, resetRate: 0.1 });
    let outcomes: string[];
    try {
      outcomes = await inPool(8, bodies, (body, i) => store.create(`assets/file-${i}.bin`, body, metaOf(body)));
    } finally {
      server.setFaults({});
    }

    expect(outcomes.every((o) => o === 'created' || o === 'exists')).toBe(true);
    const after = server.stats();
    expect(after.injectedErrors - before.injectedErrors).toBeGreaterThan(5);
    expect(after.resets - before.resets).toBeGreaterThan(1);
    for (const [i, body] of bodies.entries()) expect((await store.get(`assets/file-${i}.bin`))?.body.equals(body)).toBe(true);
  });

  it('reads, lists and swaps through the same faults', async () => {
    const store = anS3Store();
    const body = Buffer.from('{"version":"0.1.0"}');
    const etag = await store.replace('envs/staging.json', body, metaOf(body, 'application/json'), null);
    server.setFaults({ errorRate: 0.3, resetRate: 0.1 });
    try {
      for (let i = 0; i < 10; i++) {
        expect((await store.get('envs/staging.json'))?.head.etag).toBe(etag);
        expect(await store.list('envs/')).toEqual(['envs/staging.json']);
      }
      const next = Buffer.from('{"version":"0.2.0"}');
      expect(await store.replace('envs/staging.json', next, metaOf(next, 'application/json'), etag)).not.toBe(etag);
    } finally {
      server.setFaults({});
    }
  });
});

describe('S3Store timeouts', () => {
  it('retries a request that stalls, then names the timeout and the attempts', async () => {
    const store = anS3Store({}, { socketTimeoutMs: 100, maxAttempts: 3 });
    const body = Buffer.from('x');
    const before = server.stats().requests;
    server.setFaults({ latencyMs: 400 });
    let error: TagdeployError;
    try {
      error = await failure(store.create('slow.txt', body, metaOf(body)));
    } finally {
      server.setFaults({});
    }
    expect(server.stats().requests - before).toBe(3);
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain(`${server.endpoint} kept failing (TimeoutError) after 3 attempts`);
  });
});

describe('S3Store refusals: one line naming the bucket or endpoint and the fix', () => {
  it('a missing bucket', async () => {
    const store = anS3Store({ url: 's3://no-such-bucket-here/releases' });
    const error = await failure(store.checkWritable());
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toBe(`Bucket "no-such-bucket-here" does not exist at ${server.endpoint}. Create it or fix store in ⟦settings⟧.`);
  });

  it('an endpoint refusing connections, quickly', async () => {
    const endpoint = `http://127.0.0.1:${await aClosedPort()}`;
    const store = anS3Store({ endpoint });
    const started = Date.now();

    const error = await failure(store.checkWritable());

    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain(`the S3 endpoint ${endpoint} refuses connections`);
    expect(error.message).toContain('fix "endpoint" in the store config');
    expect(error.message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('access denied, naming where the credentials came from but not them', async () => {
    const guarded = await startS3({ accessKeyId: 'RIGHT' });
    try {
      await guarded.createBucket('guarded');
      process.env.AWS_ACCESS_KEY_ID = 'WRONG';
      process.env.AWS_SECRET_ACCESS_KEY = 'wrong-secret-value';
      const store = anS3Store({ url: 's3://guarded/releases', endpoint: guarded.endpoint });

      const error = await failure(store.checkWritable());

      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.message).toMatch(new RegExp(`^Access denied to bucket "guarded" at ${guarded.endpoint} \\(\\w+\\) while trying to check bucket "guarded"\\.`));
      expect(error.message).toContain('the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
      expect(error.message).not.toContain('wrong-secret-value');
      expect(error.message).not.toContain('\n');
    } finally {
      process.env.AWS_ACCESS_KEY_ID = server.credentials.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = server.credentials.secretAccessKey;
      await guarded.stop();
    }
  });

  it.each([
    ['s3://', 'it names no bucket'],
    ['s3:///prefix', 'it names no bucket'],
    ['s3://Releases_2024/x', '"Releases_2024" is not a valid bucket name (3-63 characters: lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit)'],
    ['s3://releases/a//b', 'the prefix "a//b" has an empty, "." or ".." part'],
    ['s3://releases/../up', 'the prefix "../up" has an empty, "." or ".." part'],
    ['s3://releases/a b?c', 'the prefix "a b?c" contains "?"'],
  ])('a malformed URL %j', (url, why) => {
    let error: unknown;
    try {
      new S3Store({ url });
    } catch (e) {
      error = e;
    }
    expect(isTagdeployError(error) && error.code).toBe('INVALID_CONFIG');
    expect((error as Error).message).toBe(`store "${url}" is not a valid S3 store URL: ${why}. Use s3://<bucket>/<prefix>, e.g. "store": "s3://my-releases/tagdeploy".`);
  });

  it('an endpoint that is not an http(s) URL', () => {
    expect(() => new S3Store({ url: 's3://releases', endpoint: 'localhost:9000' })).toThrow(/The S3 endpoint "localhost:9000" from "endpoint" in the store config is not an http\(s\) URL/);
  });
});

async function inPool<T, R>(size: number, items: readonly T[], run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}
