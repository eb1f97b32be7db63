// Verification reads the bytes: deploy and promote hash every file of the release, on the folder
// store and on S3 (s3rver behind our proxy), instead of trusting the store's metadata. Each way of
// changing a stored release is refused with the file and the fix, and nothing changes. Tampering
// that keeps the metadata (a folder edit with size and mtime restored; an S3 upload that copies
// x-amz-meta-sha256) is what fooled the metadata check: those cases also assert that head() is
// still fooled, so that only reading the bytes can catch them.
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentReporter, systemClock } from '../release/ports';
import { releasePrefix } from '../release/release-manifest';
import { LocalRouter } from '../router/local-router';
import type { ObjectStore } from '../store/object-store';
import { S3Store } from '../store/s3-store';
import { startS3, useS3Credentials, type S3TestServer } from '../store/testing/s3-test-server';
import type { DeploymentRequest } from './deployment-plan';
import { runEnvChange } from './run-env-change';
import { StoreEnvBackend } from './store-env-backend';
import { failure, seedRelease, stagingAndProduction, useTempFileStores } from './testing/env-builders';

/** A store holding checkout 0.1.0 and 0.2.0, and ways to change what it holds behind tagdeploy's back. */
interface World {
  store: ObjectStore;
  /** Rewrites the stored bytes of a key as a careful hand edit would: mtime restored, S3 metadata copied. */
  overwrite(key: string, bytes: Buffer): Promise<void>;
  remove(key: string): Promise<void>;
  read(key: string): Promise<Buffer>;
}

const newFolder = useTempFileStores();
let server: S3TestServer;
let bucket: string;
let runs = 0;
let restoreEnv: () => void;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  server = await startS3();
  bucket = `verify-${randomBytes(4).toString('hex')}`;
  await server.createBucket(bucket);
  restoreEnv = useS3Credentials(server);
}, 60_000);

afterAll(async () => {
  cleanups.forEach((cleanup) => cleanup());
  await server?.stop();
  restoreEnv?.();
});

const worlds: { name: string; make: () => World }[] = [
  {
    name: 'folder store (edits in place keep the inode, size and mtime the sidecar is bound to)',
    make: () => {
      const { store, root } = newFolder();
      const path = (key: string) => join(root, ...key.split('/'));
      return {
        store,
        overwrite: async (key, bytes) => {
          const before = statSync(path(key), { bigint: true });
          const fd = openSync(path(key), 'r+');
          writeSync(fd, bytes, 0, bytes.length, 0);
          closeSync(fd);
          if (bytes.length < before.size) truncateSync(path(key), bytes.length);
          // To the nanosecond, as `touch -r` keeps it (Node's utimes takes float seconds, which lose some).
          execFileSync('touch', ['-m', '-d', `@${before.mtimeNs / 1_000_000_000n}.${String(before.mtimeNs % 1_000_000_000n).padStart(9, '0')}`, path(key)]);
        },
        remove: async (key) => rmSync(path(key)),
        read: async (key) => readFileSync(path(key)),
      };
    },
  },
  {
    name: 'S3 on s3rver (uploads by hand that copy the recorded x-amz-meta-sha256)',
    make: () => {
      const prefix = `run-${++runs}`;
      const store = new S3Store({ url: `s3://${bucket}/${prefix}`, endpoint: server.endpoint });
      const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: server.credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
      cleanups.push(() => (store.destroy(), client.destroy()));
      const Key = (key: string) => `${prefix}/${key}`;
      return {
        store,
        overwrite: async (key, bytes) => {
          const head = (await store.head(key))!;
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: Key(key), Body: bytes, ContentType: head.contentType, Metadata: { sha256: head.sha256 } }));
        },
        remove: async (key) => void (await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: Key(key) }))),
        read: async (key) => (await store.get(key))!.body,
      };
    },
  },
];

// Same-length bodies, so that one release's file can stand in for the other's without changing a size.
const filesOf = (version: string) => ({ 'index.html': `<h1>checkout ${version}</h1>`, 'assets/app.js': `console.log("checkout ${version}");\n` });
const key = (version: string, path: string) => releasePrefix('checkout', version) + path;

interface Tampering {
  name: string;
  file: string;
  /** Does head() still report the released sha256 afterwards (the metadata fooled)? */
  metadataFooled: boolean;
  apply(world: World): Promise<void>;
  problem: RegExp;
}

const tamperings: Tampering[] = [
  {
    name: 'a same-size edit in place (mtime restored)',
    file: 'assets/app.js',
    metadataFooled: true,
    apply: async (world) => world.overwrite(key('0.2.0', 'assets/app.js'), Buffer.from('console.log("checkout 6.6.6");\n')),
    problem: /assets\/app\.js holds other bytes than were released \(sha256 [0-9a-f]{64}, not [0-9a-f]{64}\)/,
  },
  {
    name: "the file of another release put in its place (same size, mtime restored)",
    file: 'index.html',
    metadataFooled: true,
    apply: async (world) => world.overwrite(key('0.2.0', 'index.html'), await world.read(key('0.1.0', 'index.html'))),
    problem: /index\.html holds other bytes than were released/,
  },
  {
    name: 'a truncated file',
    file: 'assets/app.js',
    metadataFooled: false,
    apply: async (world) => world.overwrite(key('0.2.0', 'assets/app.js'), (await world.read(key('0.2.0', 'assets/app.js'))).subarray(0, 10)),
    problem: /assets\/app\.js has 10 bytes, not 31/,
  },
  {
    name: 'an extra byte',
    file: 'index.html',
    metadataFooled: false,
    apply: async (world) => world.overwrite(key('0.2.0', 'index.html'), Buffer.concat([await world.read(key('0.2.0', 'index.html')), Buffer.from('\n')])),
    problem: /index\.html has 24 bytes, not 23/,
  },
  {
    name: 'a missing file',
    file: 'assets/app.js',
    metadataFooled: false,
    apply: async (world) => world.remove(key('0.2.0', 'assets/app.js')),
    problem: /assets\/app\.js is missing/,
  },
];

const approved = { approve: true, approvedBy: 'carol' };

function change(store: ObjectStore, request: DeploymentRequest) {
  const backend = new StoreEnvBackend({ store, router: () => new LocalRouter(store), reporter: silentReporter, clock: systemClock });
  return runEnvChange(backend, { scope: { product: 'checkout', productEnvs: undefined, environments: stagingAndProduction() }, request, deployedBy: 'alice', approval: approved });
}

/** Every env pointer and history entry with its etag: what a change writes. */
const envState = async (store: ObjectStore) =>
  Promise.all((await store.list('checkout/envs/')).map(async (k) => `${k} ${(await store.head(k))?.etag}`));

describe.each(worlds)('$name', ({ make }) => {
  async function aWorldWithStagingAhead(): Promise<World> {
    const world = make();
    for (const version of ['0.1.0', '0.2.0']) await seedRelease(world.store, 'checkout', version, filesOf(version));
    await change(world.store, { action: 'deploy', env: 'staging', release: '0.1.0' });
    await change(world.store, { action: 'promote', env: 'production' });
    await change(world.store, { action: 'deploy', env: 'staging', release: '0.2.0' });
    return world;
  }

  it.each(tamperings)('promote refuses $name, naming the file and the fix; nothing changes', async (tampering) => {
    const world = await aWorldWithStagingAhead();
    await tampering.apply(world);
    const released = await releasedSha(world, tampering.file);
    const before = await envState(world.store);

    const error = await failure(change(world.store, { action: 'promote', env: 'production' }));

    expect(error.code).toBe('RELEASE_CORRUPT');
    expect(error.message).toMatch(new RegExp(`^checkout 0\\.2\\.0 in ${world.store.url.replace(/[./]/g, '\\$&')}/checkout/releases/0\\.2\\.0/ does not match its release\\.json: `));
    expect(error.message).toMatch(tampering.problem);
    expect(error.message).toContain(
      'Nothing was switched. Put the released bytes back (from a backup of the store, or from a build of checkout@0.2.0 that reproduces them: each file\'s sha256 is in release.json), or deploy another release.',
    );
    expect(await envState(world.store)).toEqual(before);
    if (tampering.metadataFooled) expect((await world.store.head(key('0.2.0', tampering.file)))?.sha256).toBe(released);
  });

  it('deploy refuses a same-size edit in place too, and a whole release passes', async () => {
    const world = make();
    for (const version of ['0.1.0', '0.2.0']) await seedRelease(world.store, 'checkout', version, filesOf(version));
    await world.overwrite(key('0.2.0', 'index.html'), Buffer.from('<h1>checkout 6.6.6</h1>'));

    const error = await failure(change(world.store, { action: 'deploy', env: 'staging', release: '0.2.0' }));
    const { result } = await change(world.store, { action: 'deploy', env: 'staging', release: '0.1.0' });

    expect(error.message).toMatch(/: index\.html holds other bytes than were released/);
    expect(result.outcome.pointer).toMatchObject({ version: '0.1.0', seq: 1 });
  });
});

/** The sha256 release.json records for a file of 0.2.0. */
async function releasedSha(world: World, file: string): Promise<string> {
  const manifest = JSON.parse((await world.read(key('0.2.0', 'release.json'))).toString('utf8')) as { files: { path: string; sha256: string }[] };
  return manifest.files.find((entry) => entry.path === file)!.sha256;
}
