import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTagdeployError } from '../errors/tagdeploy-error';
import { FileStore } from '../store/file-store';
import type { ObjectStore } from '../store/object-store';
import { S3Store } from '../store/s3-store';
import { startS3, useS3Credentials, type S3TestServer } from '../store/testing/s3-test-server';
import { silentReporter } from './ports';
import { copyMaxBytes, copyMinBytes, publishReleaseFiles, type LocalFile } from './publish-release-files';
import { removePublishRecord } from './publish-record';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function aFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-publish-'));
  dirs.push(dir);
  return dir;
}

function aLocalFile(dir: string, path: string, bytes: Buffer): LocalFile {
  const absPath = join(dir, path.replace(/\//g, '_'));
  writeFileSync(absPath, bytes);
  return { path, absPath, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), contentType: 'application/javascript' };
}

describe('publishReleaseFiles', () => {
  it('uploads every file once and counts files already there on a second run', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const src = aFolder();
    const files = [aLocalFile(src, 'a.js', Buffer.from('a')), aLocalFile(src, 'b/c.js', Buffer.from('c'))];

    const first = await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });
    const second = await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });

    expect(first).toEqual({ created: 2, copied: 0, existing: 0 });
    expect(second).toEqual({ created: 0, copied: 0, existing: 2 });
    // Beside the files, the record of what was uploaded (publish-record.ts), removed at the seal.
    expect(await store.list('p/releases/1.0.0/')).toEqual(['p/releases/1.0.0/.tagdeploy-publish/000001.json', 'p/releases/1.0.0/a.js', 'p/releases/1.0.0/b/c.js']);
  });

  it('copies a large file unchanged since the previous release inside the store, with its bytes intact', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const src = aFolder();
    const big = Buffer.alloc(copyMinBytes, 7);
    const file = aLocalFile(src, 'vendor.js', big);
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files: [file], reporter: silentReporter });

    const result = await publishReleaseFiles({
      store,
      prefix: 'p/releases/1.1.0/',
      files: [file],
      reporter: silentReporter,
      previousBySha: new Map([[file.sha256, 'p/releases/1.0.0/vendor.js']]),
    });

    expect(result).toEqual({ created: 1, copied: 1, existing: 0 });
    expect((await store.get('p/releases/1.1.0/vendor.js'))?.body.equals(big)).toBe(true);
  });

  it('uploads rather than copies a file above 5 GiB (S3 copies such objects only in parts)', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const file = aLocalFile(aFolder(), 'video.bin', Buffer.alloc(copyMinBytes, 9));
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files: [file], reporter: silentReporter });
    // Only the size decides; the bytes stay small so that the test writes no 5 GiB.
    const huge = { ...file, size: copyMaxBytes + 1 };
    const counting = countingWrites(store);

    const result = await publishReleaseFiles({
      store: counting.store,
      prefix: 'p/releases/1.1.0/',
      files: [huge],
      reporter: silentReporter,
      previousBySha: new Map([[file.sha256, 'p/releases/1.0.0/video.bin']]),
    });

    expect(result).toEqual({ created: 1, copied: 0, existing: 0 });
    expect(counting.copies()).toBe(0);
  });

  it('uploads a small file even when the previous release has the same bytes', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const file = aLocalFile(aFolder(), 'tiny.js', Buffer.from('tiny'));
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files: [file], reporter: silentReporter });

    const result = await publishReleaseFiles({
      store,
      prefix: 'p/releases/1.1.0/',
      files: [file],
      reporter: silentReporter,
      previousBySha: new Map([[file.sha256, 'p/releases/1.0.0/tiny.js']]),
    });

    expect(result).toEqual({ created: 1, copied: 0, existing: 0 });
  });
});

/** The real store, counting the writes the publisher asks of it. */
function countingWrites(store: ObjectStore): { store: ObjectStore; writes: () => number; copies: () => number } {
  let writes = 0;
  let copies = 0;
  const counted = Object.assign(Object.create(store) as ObjectStore, {
    create: (...args: Parameters<ObjectStore['create']>) => (writes++, store.create(...args)),
    copy: (...args: Parameters<ObjectStore['copy']>) => (writes++, copies++, store.copy(...args)),
  });
  return { store: counted, writes: () => writes, copies: () => copies };
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

describe('publishReleaseFiles resuming on a folder store', () => {
  it('skips every file the store proves it holds (sha256 fingerprint), writing nothing', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const src = aFolder();
    const files = [aLocalFile(src, 'a.js', Buffer.from('a')), aLocalFile(src, 'b/c.js', Buffer.from('c'))];
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });
    const counting = countingWrites(store);

    const again = await publishReleaseFiles({ store: counting.store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });

    expect(again).toEqual({ created: 0, copied: 0, existing: 2 });
    expect(counting.writes()).toBe(0);
  });

  it('still refuses a stored file with other bytes of the same size (OBJECT_CONFLICT naming the key)', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const src = aFolder();
    await store.create('p/releases/1.0.0/app.js', Buffer.from('old!'), { contentType: 'text/javascript', sha256: sha(Buffer.from('old!')) });
    const files = [aLocalFile(src, 'app.js', Buffer.from('new!'))];

    const error = await failureOf(publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter }));

    expect(error.code).toBe('OBJECT_CONFLICT');
    expect(error.message).toContain('file:test/p/releases/1.0.0/app.js already exists with other bytes');
    expect((await store.get('p/releases/1.0.0/app.js'))?.body.toString()).toBe('old!');
  });

  it('asks head() for the stored bytes when the store cannot fingerprint an object (no sidecar), writing nothing', async () => {
    const root = aFolder();
    const store = new FileStore(root, 'file:test');
    const src = aFolder();
    const files = [aLocalFile(src, 'a.js', Buffer.from('a'))];
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });
    unlinkSync(join(root, '.meta/p/releases/1.0.0/a.js.json'));
    const counting = countingWrites(store);

    expect(await publishReleaseFiles({ store: counting.store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter })).toEqual({ created: 0, copied: 0, existing: 1 });
    expect(counting.writes()).toBe(0);
  });
});

describe('publishReleaseFiles resuming on S3 (s3rver behind the conditional-write proxy)', () => {
  let server: S3TestServer;
  let restoreEnv: () => void;
  const stores: S3Store[] = [];
  beforeAll(async () => {
    server = await startS3();
    await server.createBucket('publish');
    restoreEnv = useS3Credentials(server);
  }, 60_000);
  afterAll(async () => {
    stores.splice(0).forEach((store) => store.destroy());
    await server?.stop();
    restoreEnv?.();
  });
  const anS3Store = (name: string): S3Store => {
    const store = new S3Store({ url: `s3://publish/${name}`, endpoint: server.endpoint });
    stores.push(store);
    return store;
  };

  it('resumes a complete release from its record: three GETs, no listing, no write', async () => {
    const store = anS3Store('complete');
    const src = aFolder();
    const files = Array.from({ length: 30 }, (_, i) => aLocalFile(src, `assets/f-${i}.js`, randomBytes(100 + i)));
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });
    const before = server.stats().requests;

    const again = await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });

    expect(again).toEqual({ created: 0, copied: 0, existing: 30 });
    // Batch 1 (all 30 files), then batches 2 and 3 at once: absent, the end of the record.
    expect(server.stats().requests - before).toBe(3);
  });

  it('without a record, resumes a complete release with one listing request (after one GET for the record) and no write', async () => {
    const store = anS3Store('complete-unrecorded');
    const src = aFolder();
    const files = Array.from({ length: 30 }, (_, i) => aLocalFile(src, `assets/f-${i}.js`, randomBytes(100 + i)));
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });
    await removePublishRecord(store, 'p/releases/1.0.0/');
    const before = server.stats().requests;

    const again = await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });

    expect(again).toEqual({ created: 0, copied: 0, existing: 30 });
    // The GET of batch 1 that finds no record, the listing, and the record's first batch written anew.
    expect(server.stats().requests - before).toBe(3);
  });

  it('asks HEAD, not PUT, when the listing proves nothing (an ETag that is not the MD5, as under SSE-KMS)', async () => {
    const store = anS3Store('no-md5');
    const src = aFolder();
    const files = Array.from({ length: 5 }, (_, i) => aLocalFile(src, `f-${i}.txt`, randomBytes(64)));
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });
    await removePublishRecord(store, 'p/releases/1.0.0/');
    const opaque = Object.assign(Object.create(store) as ObjectStore, {
      listObjects: async (prefix: string) => (await store.listObjects(prefix)).map((object) => ({ ...object, fingerprint: { algorithm: 'md5' as const, hex: '0'.repeat(32) } })),
    });
    const before = server.stats();

    expect(await publishReleaseFiles({ store: opaque, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter })).toEqual({ created: 0, copied: 0, existing: 5 });
    // The GET that finds no record, one listing, one HeadObject per file, the new record; no write met a 412.
    expect(server.stats().requests - before.requests).toBe(1 + 1 + 5 + 1);
    expect(server.stats().preconditionFailed).toBe(before.preconditionFailed);
  });

  it('uploads only what is missing', async () => {
    const store = anS3Store('partial');
    const src = aFolder();
    const files = Array.from({ length: 10 }, (_, i) => aLocalFile(src, `f-${i}.txt`, randomBytes(50)));
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files: files.slice(0, 6), reporter: silentReporter });

    expect(await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter })).toEqual({ created: 4, copied: 0, existing: 6 });
    for (const file of files) expect((await store.head(`p/releases/1.0.0/${file.path}`))?.sha256).toBe(file.sha256);
  });

  it('refuses a stored object with other bytes of the same size: OBJECT_CONFLICT naming the key, original kept', async () => {
    const store = anS3Store('conflict');
    const src = aFolder();
    const stored = Buffer.from('<h1>someone else</h1>');
    await store.create('checkout/releases/0.1.0/index.html', stored, { contentType: 'text/html', sha256: sha(stored) });
    const files = [aLocalFile(src, 'index.html', Buffer.from('<h1>our release!</h1>'))];

    const error = await failureOf(publishReleaseFiles({ store, prefix: 'checkout/releases/0.1.0/', files, reporter: silentReporter }));

    expect(error.code).toBe('OBJECT_CONFLICT');
    expect(error.message).toContain('s3://publish/conflict/checkout/releases/0.1.0/index.html already exists with other bytes');
    expect((await store.get('checkout/releases/0.1.0/index.html'))?.body.equals(stored)).toBe(true);
  });

  it('does not skip a file that changed on disk after it was hashed, even when the store holds the new bytes', async () => {
    const store = anS3Store('changed');
    const src = aFolder();
    const file = aLocalFile(src, 'app.js', Buffer.from('version 1'));
    await store.create('p/releases/1.0.0/app.js', Buffer.from('version 2'), { contentType: 'text/javascript', sha256: sha(Buffer.from('version 2')) });
    writeFileSync(file.absPath, 'version 2');

    const error = await failureOf(publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files: [file], reporter: silentReporter }));

    // release.json would list sha256("version 1"): the store must not be taken to hold it.
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('p/releases/1.0.0/app.js');
  });
});

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
