// The publish record against both real stores (a folder, s3rver behind the conditional-write
// proxy): a publish killed half-way (its own process, SIGKILL) leaves a record of what it stored,
// and the resume uploads only the rest from it, without a listing; a record that cannot be
// trusted (damaged, another claim, another build's bytes, an object deleted since) never makes a
// file count as stored when it is not.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../store/file-store';
import type { ObjectStore } from '../store/object-store';
import { S3Store } from '../store/s3-store';
import { startS3, useS3Credentials, type S3TestServer } from '../store/testing/s3-test-server';
import { silentReporter } from './ports';
import { publishReleaseFiles, type LocalFile } from './publish-release-files';
import { readPublishRecord, recordFolder, removePublishRecord } from './publish-record';

const prefix = 'checkout/releases/1.0.0/';
const claim = 'checkout@1.0.0 0123456789abcdef0123456789abcdef01234567';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function aFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-record-'));
  dirs.push(dir);
  return dir;
}

function aBuild(count: number, seed = ''): LocalFile[] {
  const dir = aFolder();
  return Array.from({ length: count }, (_, i) => {
    const bytes = Buffer.concat([Buffer.from(`${seed}file ${i}\n`), randomBytes(200 + i)]);
    const absPath = join(dir, `f-${i}.js`);
    writeFileSync(absPath, bytes);
    return { path: `assets/f-${i}.js`, absPath, size: bytes.length, sha256: sha(bytes), contentType: 'application/javascript', cacheControl: 'public, max-age=31536000, immutable' };
  });
}

/** The real store, counting what the publisher asks of it. */
function counting(store: ObjectStore) {
  const counts = { writes: 0, listings: 0 };
  const counted = Object.assign(Object.create(store) as ObjectStore, {
    create: (...args: Parameters<ObjectStore['create']>) => (args[0].includes(recordFolder) || counts.writes++, store.create(...args)),
    copy: (...args: Parameters<ObjectStore['copy']>) => (counts.writes++, store.copy(...args)),
    listObjects: (...args: Parameters<ObjectStore['listObjects']>) => (counts.listings++, store.listObjects(...args)),
    list: (...args: Parameters<ObjectStore['list']>) => (counts.listings++, store.list(...args)),
  });
  return { store: counted, counts };
}

const publish = (store: ObjectStore, files: LocalFile[], extra: Partial<Parameters<typeof publishReleaseFiles>[0]> = {}) =>
  publishReleaseFiles({ store, prefix, files, reporter: silentReporter, claim, record: { batchFiles: 5 }, ...extra });

/** Every file of the build is in the store with its bytes, and the folder holds nothing else but the record. */
async function expectComplete(store: ObjectStore, files: LocalFile[]): Promise<void> {
  for (const file of files) expect((await store.digest(prefix + file.path))?.sha256).toBe(file.sha256);
  const keys = (await store.list(prefix)).filter((key) => !key.startsWith(prefix + recordFolder));
  expect(keys).toEqual(files.map((file) => prefix + file.path).sort());
}

const child = join(__dirname, 'testing/publish-child.ts');
async function killedPublish(url: string, endpoint: string, files: LocalFile[], crashAt: string): Promise<string | null> {
  const env = { ...process.env, TAGDEPLOY_CRASH_AT: crashAt };
  return promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', child, url, endpoint, prefix, claim, JSON.stringify(files)], { env }).then(
    () => null,
    (error: { signal: string | null }) => error.signal,
  );
}

interface StoreUnderTest {
  name: string;
  make(): ObjectStore;
  /** The arguments of the child process for the same store. */
  childArgs(store: ObjectStore): [url: string, endpoint: string];
}

let server: S3TestServer;
let restoreEnv: () => void;
const s3Stores: S3Store[] = [];
let buckets = 0;
beforeAll(async () => {
  server = await startS3();
  await server.createBucket('record');
  restoreEnv = useS3Credentials(server);
}, 60_000);
afterAll(async () => {
  s3Stores.splice(0).forEach((store) => store.destroy());
  await server?.stop();
  restoreEnv?.();
});

const storesUnderTest: StoreUnderTest[] = [
  {
    name: 'a folder store',
    make: () => {
      const root = aFolder();
      return new FileStore(root, `file:${root}`);
    },
    childArgs: (store) => [store.url, ''],
  },
  {
    name: 'S3 (s3rver behind the proxy)',
    make: () => {
      const store = new S3Store({ url: `s3://record/run-${++buckets}`, endpoint: server.endpoint, concurrency: 4 });
      s3Stores.push(store);
      return store;
    },
    childArgs: (store) => [store.url, server.endpoint],
  },
];

describe.each(storesUnderTest)('the publish record on $name', (under) => {
  it('after a kill mid-publish, the resume uploads only what the record lacks, without a listing, and the release is complete', async () => {
    const store = under.make();
    const files = aBuild(60);

    // Killed right after its second batch of 5 was written, uploads in flight.
    expect(await killedPublish(...under.childArgs(store), files, 'publish-record:2')).toBe('SIGKILL');
    const record = await readPublishRecord(store, prefix, claim);
    const stored = (await store.list(prefix)).filter((key) => !key.startsWith(prefix + recordFolder));
    // Only objects whose upload completed are in the record: it never names one that is not there.
    expect(record?.files.size).toBe(10);
    for (const path of record?.files.keys() ?? []) expect(stored).toContain(prefix + path);
    expect(stored.length).toBeLessThan(files.length);

    const resumed = counting(store);
    const result = await publish(resumed.store, files);

    expect(resumed.counts.listings).toBe(0);
    expect(resumed.counts.writes).toBe(files.length - (record?.files.size ?? 0));
    expect(result.created).toBe(files.length - stored.length);
    expect(result.created + result.existing).toBe(files.length);
    await expectComplete(store, files);
  });

  it('a complete release resumes from its record with no write and no listing', async () => {
    const store = under.make();
    const files = aBuild(12);
    await publish(store, files);
    const again = counting(store);

    expect(await publish(again.store, files)).toEqual({ created: 0, copied: 0, existing: 12 });
    expect(again.counts).toEqual({ writes: 0, listings: 0 });
  });

  it('falls back to one listing when the record is damaged, and still writes nothing that is there', async () => {
    const store = under.make();
    const files = aBuild(12);
    await publish(store, files);
    await store.delete(`${prefix}${recordFolder}000002.json`);
    const garbage = Buffer.from('{"schemaVersion":1,"claim":');
    await store.create(`${prefix}${recordFolder}000002.json`, garbage, { contentType: 'application/json', sha256: sha(garbage) });
    const again = counting(store);

    expect(await publish(again.store, files)).toEqual({ created: 0, copied: 0, existing: 12 });
    expect(again.counts).toEqual({ writes: 0, listings: 1 });
  });

  it('ignores a record of another claim (the same version tagged at another commit): one listing', async () => {
    const store = under.make();
    const files = aBuild(6);
    await publish(store, files);
    const again = counting(store);

    await publish(again.store, files, { claim: 'checkout@1.0.0 fedcba9876543210fedcba9876543210fedcba98' });
    expect(again.counts.listings).toBe(1);
  });

  it('does not take a recorded file of another build for this one: same names, other bytes is OBJECT_CONFLICT, original kept', async () => {
    const store = under.make();
    const first = aBuild(6, 'first build ');
    await publish(store, first);
    const rebuilt = aBuild(6, 'second build ');

    const error = await publish(store, rebuilt).then(() => undefined, (e: { code: string; message: string }) => e);

    expect(error?.code).toBe('OBJECT_CONFLICT');
    expect(error?.message).toMatch(/checkout\/releases\/1\.0\.0\/assets\/f-\d\.js already exists with other bytes/);
    for (const file of first) expect((await store.digest(prefix + file.path))?.sha256).toBe(file.sha256);
  });

  it('uploads again a recorded object that was deleted since, when the caller passes its listing (as release-product does)', async () => {
    const store = under.make();
    const files = aBuild(10);
    await publish(store, files);
    await store.delete(prefix + files[3].path);
    const listed = await store.listObjects(prefix);
    const again = counting(store);

    expect(await publish(again.store, files, { listed })).toEqual({ created: 1, copied: 0, existing: 9 });
    expect(again.counts.writes).toBe(1);
    await expectComplete(store, files);
  });

  it('keeps no record when the build output itself has a file in the record folder', async () => {
    const store = under.make();
    const [file] = aBuild(1);
    const files = [{ ...file, path: `${recordFolder}000001.json` }];

    expect(await publish(store, files)).toEqual({ created: 1, copied: 0, existing: 0 });
    expect(await readPublishRecord(store, prefix, claim)).toBeUndefined();
    expect((await store.digest(prefix + files[0].path))?.sha256).toBe(file.sha256);
  });

  it('removePublishRecord leaves the release files and removes every batch', async () => {
    const store = under.make();
    const files = aBuild(12);
    await publish(store, files);

    await removePublishRecord(store, prefix);

    expect(await store.list(prefix + recordFolder)).toEqual([]);
    await expectComplete(store, files);
  });
});

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('a record that cannot be read', () => {
  it('falls back to the listing when the store refuses to read the record (its files are still not written again)', async () => {
    const root = aFolder();
    const store = new FileStore(root, `file:${root}`);
    const files = aBuild(8);
    await publish(store, files);
    const unreadable = counting(
      Object.assign(Object.create(store) as ObjectStore, {
        get: async (key: string) => {
          if (key.includes(recordFolder)) throw new Error('access denied');
          return store.get(key);
        },
      }),
    );

    expect(await publish(unreadable.store, files)).toEqual({ created: 0, copied: 0, existing: 8 });
    expect(unreadable.counts).toEqual({ writes: 0, listings: 1 });
  });
});
