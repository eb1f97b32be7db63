// nx release-product with an S3 store that cannot take the release (e2e-s3 project only): a
// non-zero exit, one line `tagdeploy error [CODE]: …` naming the bucket, endpoint or key and the
// fix, and nothing half-written: no release.json, and no tag claimed when the store is unusable
// (the store is checked before tagging).
//
// An object already present in the version's folder with other bytes is found after the build and
// before the tag (RELEASE_FOLDER_TAKEN): nothing is claimed, so once the object is removed the same
// command releases. What must never happen is a release.json listing bytes the store does not
// hold: there is none.
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { S3Store } from '../../packages/core/src/store/s3-store';
import { aClosedPort } from '../../packages/core/src/store/testing/s3-test-server';
import { nxBin, nxEnv } from '../../tools/shop/shop-files';
import { startS3, type S3TestServer } from '../../tools/s3/start-s3';
import { expectCompleteRelease } from '../support/assertions';
import { createShop, sha256, type RunResult, type Shop } from '../support/shop';

const manifest = 'checkout/releases/0.1.0/release.json';
let shop: Shop | undefined;
let guarded: S3TestServer | undefined;
afterEach(async () => {
  shop?.cleanup();
  await guarded?.stop();
  shop = guarded = undefined;
});

/** Points the shop at another store, committed so that the working tree stays clean. */
function useStore(shop: Shop, store: string): void {
  const nxJson = JSON.parse(shop.read('nx.json'));
  nxJson.plugins[0].options.store = store;
  shop.commit('nx.json', `${JSON.stringify(nxJson, null, 2)}\n`, 'chore: release into another store');
}

function expectRefused(run: RunResult, code: string, ...parts: string[]): string {
  expect(run.code, run.output).not.toBe(0);
  const line = run.output.split('\n').find((text) => text.includes(`tagdeploy error [${code}]: `));
  expect(line, run.output).toBeDefined();
  for (const part of parts) expect(line).toContain(part);
  return line as string;
}

function expectNoTag(shop: Shop): void {
  expect(shop.localTags()).toEqual([]);
  expect(shop.remoteTags()).toEqual([]);
}

describe('nx release-product on S3 refuses an unusable store before tagging', () => {
  it('a missing bucket', async () => {
    shop = await createShop();
    useStore(shop, 's3://no-such-bucket-e2e/releases');

    const run = shop.nx(['release-product', 'checkout']);

    expectRefused(run, 'STORE_UNAVAILABLE', 'Bucket "no-such-bucket-e2e" does not exist at http://127.0.0.1:', 'Create it or fix store in nx.json');
    expectNoTag(shop);
    expect(await shop.storeFiles()).toEqual([]);
  });

  it('an endpoint refusing connections', async () => {
    shop = await createShop();
    const endpoint = `http://127.0.0.1:${await aClosedPort()}`;

    const run = shop.nx(['release-product', 'checkout'], { AWS_ENDPOINT_URL_S3: endpoint });

    expectRefused(run, 'STORE_UNAVAILABLE', `the S3 endpoint ${endpoint} refuses connections`, 'Start the server, or fix "endpoint" in the store config (or AWS_ENDPOINT_URL_S3)');
    expectNoTag(shop);
    expect(await shop.storeFiles()).toEqual([]);
  });

  it('access denied, without printing the credentials', async () => {
    shop = await createShop();
    guarded = await startS3({ accessKeyId: 'RIGHT' });
    await guarded.createBucket('guarded');
    useStore(shop, 's3://guarded/releases');

    // Not shop.nx: its spawnSync would block this process, where the guarded proxy answers.
    const run = await nxInBackground(shop, ['release-product', 'checkout'], {
      AWS_ENDPOINT_URL_S3: guarded.endpoint,
      AWS_ACCESS_KEY_ID: 'WRONG',
      AWS_SECRET_ACCESS_KEY: 'wrong-secret-value',
    });

    expectRefused(run, 'STORE_UNAVAILABLE', `Access denied to bucket "guarded" at ${guarded.endpoint}`, 'AWS_ACCESS_KEY_ID');
    expect(run.output).not.toContain('wrong-secret-value');
    expectNoTag(shop);
    // Read past the proxy's access control: nothing was written to the bucket.
    const direct = new S3Store({ url: 's3://guarded', endpoint: guarded.directEndpoint });
    try {
      expect(await direct.list('')).toEqual([]);
    } finally {
      direct.destroy();
    }
  });

  it('a malformed store URL', async () => {
    shop = await createShop();
    useStore(shop, 's3://');

    const run = shop.nx(['release-product', 'checkout']);

    expectRefused(run, 'INVALID_CONFIG', 'store "s3://" is not a valid S3 store URL: it names no bucket', 'Use s3://<bucket>/<prefix>');
    expectNoTag(shop);
    expect(await shop.storeFiles()).toEqual([]);
  });
});

describe('nx release-product on S3 refuses to overwrite an object with other bytes', () => {
  it('fails before the tag naming the folder and the file, seals nothing, and releases once the object is removed', async () => {
    shop = await createShop();
    const key = 'checkout/releases/0.1.0/index.html';
    const foreign = Buffer.from('<h1>not our release</h1>');
    await shop.store.create(key, foreign, { contentType: 'text/html; charset=utf-8', sha256: sha256(foreign) });

    const run = shop.nx(['release-product', 'checkout']);

    expectRefused(run, 'RELEASE_FOLDER_TAKEN', `${shop.store.url}/checkout/releases/0.1.0/ already holds 1 file that is not this build`, 'index.html (other bytes)', 'nothing was tagged or published');
    expect(await shop.store.head(manifest)).toBeUndefined();
    expect((await shop.store.get(key))?.body.equals(foreign)).toBe(true);
    expectNoTag(shop);

    await deleteObject(shop, key);
    const resumed = shop.nx(['release-product', 'checkout']);

    expect(resumed.code, resumed.output).toBe(0);
    await expectCompleteRelease(shop, 'checkout', '0.1.0');
  });
});

/** shop.nx, without blocking this process (same binary, arguments and environment). */
function nxInBackground(shop: Shop, args: string[], env: Record<string, string>): Promise<RunResult> {
  const child = spawn(process.execPath, [nxBin(inject('shopTemplate')), ...args, '--outputStyle=static'], {
    cwd: shop.dir,
    env: { ...process.env, ...nxEnv, ...inject('s3')?.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: stdout + stderr });
    });
  });
}

/** Removes an object by hand, as the error message tells the user to (the port has no delete). */
async function deleteObject(shop: Shop, key: string): Promise<void> {
  const url = new URL(shop.store.url.replace(/^s3:/, 'http:'));
  const client = new S3Client({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
  try {
    await client.send(new DeleteObjectCommand({ Bucket: url.hostname, Key: `${url.pathname.slice(1)}/${key}` }));
  } finally {
    client.destroy();
  }
}
