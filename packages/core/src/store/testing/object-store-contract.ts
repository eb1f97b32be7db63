// The contract every ObjectStore adapter passes, run against the real thing (a folder, s3rver
// behind the conditional-write proxy, ...). Usage, in an adapter's test file:
//   describeObjectStoreContract('FileStore', async () => ({ store, cleanup }));
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isTagdeployError, type TagdeployError } from '../../errors/tagdeploy-error';
import type { ObjectMeta, ObjectStore } from '../object-store';

export interface StoreUnderTest {
  store: ObjectStore;
  cleanup: () => Promise<void>;
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const sha = (body: Buffer): string => createHash('sha256').update(body).digest('hex');
const metaOf = (body: Buffer, contentType = 'text/plain; charset=utf-8', cacheControl?: string): ObjectMeta => ({
  contentType,
  ...(cacheControl ? { cacheControl } : {}),
  sha256: sha(body),
});

async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

export function describeObjectStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    const aStore = async (): Promise<ObjectStore> => {
      const made = await makeStore();
      cleanups.push(made.cleanup);
      return made.store;
    };

    describe('create', () => {
      it('creates an absent object and reads back its bytes and metadata', async () => {
        const store = await aStore();
        const body = bytes('<h1>v0.1.0</h1>');
        const meta = metaOf(body, 'text/html; charset=utf-8', 'no-cache');

        expect(await store.create('checkout/releases/0.1.0/index.html', body, meta)).toBe('created');

        const got = await store.get('checkout/releases/0.1.0/index.html');
        expect(got?.body.equals(body)).toBe(true);
        expect(got?.head).toMatchObject({ ...meta, size: body.length });
        expect(await store.head('checkout/releases/0.1.0/index.html')).toEqual(got?.head);
      });

      it('answers "exists" when the same bytes are already there (a resumed publish)', async () => {
        const store = await aStore();
        const body = bytes('same');
        await store.create('a/file.txt', body, metaOf(body));
        expect(await store.create('a/file.txt', body, metaOf(body))).toBe('exists');
      });

      it('refuses other bytes under an existing key with OBJECT_CONFLICT and keeps the original', async () => {
        const store = await aStore();
        const original = bytes('original');
        await store.create('checkout/releases/0.1.0/app.js', original, metaOf(original));
        const other = bytes('tampered');

        const error = await failure(store.create('checkout/releases/0.1.0/app.js', other, metaOf(other)));

        expect(error.code).toBe('OBJECT_CONFLICT');
        expect(error.message).toContain(`${store.url}/checkout/releases/0.1.0/app.js`);
        expect(error.message).toContain(sha(original));
        expect((await store.get('checkout/releases/0.1.0/app.js'))?.body.equals(original)).toBe(true);
      });

      it('stores an empty object', async () => {
        const store = await aStore();
        const empty = Buffer.alloc(0);
        expect(await store.create('empty.txt', empty, metaOf(empty))).toBe('created');
        expect(await store.head('empty.txt')).toMatchObject({ size: 0, sha256: sha(empty) });
      });
    });

    describe('copy', () => {
      const from = 'checkout/releases/0.1.0/assets/app-B4xk2_9a.js';
      const to = 'checkout/releases/0.2.0/assets/app-B4xk2_9a.js';
      const body = bytes('console.log("unchanged between releases")');

      it('copies an object to a free key with the metadata given', async () => {
        const store = await aStore();
        await store.create(from, body, metaOf(body, 'text/javascript; charset=utf-8', 'no-cache'));
        const meta = metaOf(body, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable');

        expect(await store.copy(from, to, meta)).toBe('created');

        const got = await store.get(to);
        expect(got?.body.equals(body)).toBe(true);
        expect(got?.head).toMatchObject({ ...meta, size: body.length });
        expect(await store.head(to)).toEqual(got?.head);
        expect((await store.head(from))?.cacheControl).toBe('no-cache');
      });

      it('answers "exists" when the target already holds the same bytes', async () => {
        const store = await aStore();
        await store.create(from, body, metaOf(body));
        await store.create(to, body, metaOf(body));
        expect(await store.copy(from, to, metaOf(body))).toBe('exists');
      });

      it('refuses a target holding other bytes with OBJECT_CONFLICT and keeps it', async () => {
        const store = await aStore();
        const other = bytes('other bytes');
        await store.create(from, body, metaOf(body));
        await store.create(to, other, metaOf(other));

        const error = await failure(store.copy(from, to, metaOf(body)));

        expect(error.code).toBe('OBJECT_CONFLICT');
        expect(error.message).toContain(`${store.url}/${to}`);
        expect((await store.get(to))?.body.equals(other)).toBe(true);
      });

      it('fails with PRECONDITION_FAILED naming the source when it is absent, and creates nothing', async () => {
        const store = await aStore();
        const error = await failure(store.copy(from, to, metaOf(body)));
        expect(error.code).toBe('PRECONDITION_FAILED');
        expect(error.message).toContain(`${store.url}/${from}`);
        expect(await store.head(to)).toBeUndefined();
      });

      it('fails with CHECKSUM_MISMATCH when the source is not the expected bytes, and creates nothing', async () => {
        const store = await aStore();
        const other = bytes('other bytes');
        await store.create(from, other, metaOf(other));
        const error = await failure(store.copy(from, to, metaOf(body)));
        expect(error.code).toBe('CHECKSUM_MISMATCH');
        expect(error.message).toContain(from);
        expect(await store.head(to)).toBeUndefined();
      });
    });

    describe('head and get', () => {
      it('return undefined for an absent key', async () => {
        const store = await aStore();
        expect(await store.head('nothing/here.txt')).toBeUndefined();
        expect(await store.get('nothing/here.txt')).toBeUndefined();
      });

      it('give the same etag that replace returned', async () => {
        const store = await aStore();
        const body = bytes('{"version":"0.1.0"}');
        const etag = await store.replace('checkout/envs/staging.json', body, metaOf(body, 'application/json'), null);
        expect((await store.head('checkout/envs/staging.json'))?.etag).toBe(etag);
        expect((await store.get('checkout/envs/staging.json'))?.head.etag).toBe(etag);
      });
    });

    describe('digest', () => {
      it('hashes the stored bytes: sha256 and size, for small, empty and multi-chunk bodies', async () => {
        const store = await aStore();
        const bodies = { 'a/small.txt': bytes('hello'), 'a/empty.txt': Buffer.alloc(0), 'a/large.bin': Buffer.alloc(3 * 1024 * 1024 + 7, 'ab') };
        for (const [key, body] of Object.entries(bodies)) await store.create(key, body, metaOf(body, 'application/octet-stream'));
        for (const [key, body] of Object.entries(bodies)) expect(await store.digest(key)).toEqual({ sha256: sha(body), size: body.length });
      });

      it('gives the bytes after a replace, and undefined for an absent key', async () => {
        const store = await aStore();
        const first = bytes('{"version":"0.1.0"}');
        const second = bytes('{"version":"0.2.0"}');
        const etag = await store.replace('checkout/envs/staging.json', first, metaOf(first, 'application/json'), null);
        await store.replace('checkout/envs/staging.json', second, metaOf(second, 'application/json'), etag);
        expect(await store.digest('checkout/envs/staging.json')).toEqual({ sha256: sha(second), size: second.length });
        expect(await store.digest('nothing/here.txt')).toBeUndefined();
      });
    });

    describe('list', () => {
      it('lists the keys under a prefix, sorted, and nothing else', async () => {
        const store = await aStore();
        const keys = ['checkout/releases/0.2.0/index.html', 'checkout/releases/0.1.0/assets/app-B4xk2_9a.js', 'checkout/releases/0.1.0/index.html', 'checkout/envs/staging.json', 'storefront/releases/0.1.0/index.html'];
        for (const key of keys) await store.create(key, bytes(key), metaOf(bytes(key)));

        expect(await store.list('checkout/releases/')).toEqual([
          'checkout/releases/0.1.0/assets/app-B4xk2_9a.js',
          'checkout/releases/0.1.0/index.html',
          'checkout/releases/0.2.0/index.html',
        ]);
        expect(await store.list('')).toEqual([...keys].sort());
      });

      it('treats the prefix as a plain string prefix, not a folder', async () => {
        const store = await aStore();
        for (const key of ['checkout/envs/prod.json', 'checkout/envs/production.json', 'checkout/envs/staging.json']) {
          await store.create(key, bytes(key), metaOf(bytes(key)));
        }
        expect(await store.list('checkout/envs/prod')).toEqual(['checkout/envs/prod.json', 'checkout/envs/production.json']);
      });

      it('returns an empty list for an unknown prefix', async () => {
        const store = await aStore();
        expect(await store.list('nobody/')).toEqual([]);
      });
    });

    describe('listFolders', () => {
      it('names the folders directly inside a folder, sorted, once each, whatever they hold', async () => {
        const store = await aStore();
        // Each folder holds an object of its own: s3rver (unlike S3) finds a folder only by an
        // object directly inside it.
        const keys = ['checkout/releases/0.10.0/release.json', 'checkout/releases/0.2.0/assets/deep/app.js', 'checkout/releases/0.2.0/assets/app.js', 'checkout/releases/0.2.0/index.html', 'checkout/releases/0.9.0/index.html', 'checkout/notes.txt', 'checkout/envs/staging.json', 'storefront/index.html'];
        for (const key of keys) await store.create(key, bytes(key), metaOf(bytes(key)));

        expect(await store.listFolders('checkout/releases/')).toEqual(['0.10.0', '0.2.0', '0.9.0']);
        expect(await store.listFolders('checkout/releases/0.2.0/')).toEqual(['assets']);
        expect(await store.listFolders('checkout/envs/')).toEqual([]);
        expect(await store.listFolders('')).toEqual(['checkout', 'storefront']);
      });

      it('returns an empty list for an unknown folder and refuses a prefix that is not a folder', async () => {
        const store = await aStore();
        await store.create('checkout/releases/0.1.0/index.html', bytes('x'), metaOf(bytes('x')));
        expect(await store.listFolders('nobody/')).toEqual([]);
        expect(await store.listFolders('checkout/releases/0.1.0/')).toEqual([]);
        await expect(store.listFolders('checkout/releases')).rejects.toMatchObject({ code: 'INVALID_KEY', message: expect.stringContaining('does not end with "/"') });
      });
    });

    describe('listObjects', () => {
      const digest = (algorithm: 'md5' | 'sha256', body: Buffer): string => createHash(algorithm).update(body).digest('hex');

      it('lists what list() lists, with each size and a fingerprint of the bytes', async () => {
        const store = await aStore();
        const bodies = new Map([
          ['checkout/releases/0.1.0/index.html', bytes('<h1>v0.1.0</h1>')],
          ['checkout/releases/0.1.0/assets/app-B4xk2_9a.js', bytes('console.log(1)'.repeat(100))],
          ['checkout/releases/0.1.0/empty.txt', Buffer.alloc(0)],
          ['checkout/releases/0.2.0/index.html', bytes('<h1>v0.2.0</h1>')],
        ]);
        for (const [key, body] of bodies) await store.create(key, body, metaOf(body));

        const listed = await store.listObjects('checkout/releases/0.1.0/');

        expect(listed.map((object) => object.key)).toEqual(await store.list('checkout/releases/0.1.0/'));
        for (const { key, size, fingerprint } of listed) {
          const body = bodies.get(key) as Buffer;
          expect({ key, size }).toEqual({ key, size: body.length });
          // Objects written by create() are fingerprinted, and the fingerprint is of their bytes.
          expect(fingerprint && fingerprint.hex).toBe(fingerprint && digest(fingerprint.algorithm, body));
          expect(fingerprint).toBeDefined();
        }
      });

      it('fingerprints the current bytes after a replace, not the earlier ones', async () => {
        const store = await aStore();
        const v1 = bytes('{"version":"0.1.0"}');
        const v2 = bytes('{"version":"0.2.0"}');
        const etag = await store.replace('checkout/envs/prod.json', v1, metaOf(v1), null);
        await store.replace('checkout/envs/prod.json', v2, metaOf(v2), etag);

        const [listed] = await store.listObjects('checkout/envs/');

        expect(listed.fingerprint?.hex).toBe(digest(listed.fingerprint?.algorithm ?? 'sha256', v2));
      });

      it('returns an empty list for an unknown prefix', async () => {
        const store = await aStore();
        expect(await store.listObjects('nobody/')).toEqual([]);
      });
    });

    describe('replace (compare-and-swap)', () => {
      const key = 'checkout/envs/production.json';
      const v1 = bytes('{"version":"0.1.0"}');
      const v2 = bytes('{"version":"0.2.0"}');
      const v3 = bytes('{"version":"0.3.0"}');

      it('with null creates an absent object', async () => {
        const store = await aStore();
        const etag = await store.replace(key, v1, metaOf(v1, 'application/json', 'no-cache'), null);
        expect(await store.head(key)).toMatchObject({ etag, sha256: sha(v1), contentType: 'application/json', cacheControl: 'no-cache' });
      });

      it('with null fails with PRECONDITION_FAILED when the object exists, and changes nothing', async () => {
        const store = await aStore();
        await store.replace(key, v1, metaOf(v1), null);
        const error = await failure(store.replace(key, v2, metaOf(v2), null));
        expect(error.code).toBe('PRECONDITION_FAILED');
        expect(error.message).toContain(key);
        expect((await store.get(key))?.body.equals(v1)).toBe(true);
      });

      it('with the current etag replaces the object and returns a new etag', async () => {
        const store = await aStore();
        const first = await store.replace(key, v1, metaOf(v1), null);
        const second = await store.replace(key, v2, metaOf(v2), first);
        expect(second).not.toBe(first);
        expect((await store.get(key))?.body.equals(v2)).toBe(true);
        expect((await store.head(key))?.etag).toBe(second);
      });

      it('with a stale etag fails with PRECONDITION_FAILED, and changes nothing', async () => {
        const store = await aStore();
        const first = await store.replace(key, v1, metaOf(v1), null);
        await store.replace(key, v2, metaOf(v2), first);
        const error = await failure(store.replace(key, v3, metaOf(v3), first));
        expect(error.code).toBe('PRECONDITION_FAILED');
        expect((await store.get(key))?.body.equals(v2)).toBe(true);
      });

      it('with an etag fails with PRECONDITION_FAILED when the object is absent', async () => {
        const store = await aStore();
        const error = await failure(store.replace(key, v1, metaOf(v1), sha(v1)));
        expect(error.code).toBe('PRECONDITION_FAILED');
        expect(await store.head(key)).toBeUndefined();
      });

      it('lets exactly one of two concurrent swaps from the same etag win', async () => {
        const store = await aStore();
        const start = await store.replace(key, v1, metaOf(v1), null);

        const results = await Promise.allSettled([store.replace(key, v2, metaOf(v2), start), store.replace(key, v3, metaOf(v3), start)]);

        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0].reason as TagdeployError).code).toBe('PRECONDITION_FAILED');
        const winner = results[0].status === 'fulfilled' ? v2 : v3;
        expect((await store.get(key))?.body.equals(winner)).toBe(true);
      });

      it('lets exactly one of two concurrent creations (null) win', async () => {
        const store = await aStore();
        const results = await Promise.allSettled([store.replace(key, v1, metaOf(v1), null), store.replace(key, v2, metaOf(v2), null)]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      });
    });

    describe('delete', () => {
      it('removes an object, and an absent key is no error', async () => {
        const store = await aStore();
        const body = bytes('old');
        await store.create('p/releases/0.1.0/a.txt', body, metaOf(body));
        await store.create('p/releases/0.1.1/a.txt', body, metaOf(body));
        await store.delete('p/releases/0.1.0/a.txt');
        await store.delete('p/releases/0.1.0/a.txt');
        expect(await store.head('p/releases/0.1.0/a.txt')).toBeUndefined();
        expect(await store.list('p/releases/')).toEqual(['p/releases/0.1.1/a.txt']);
        // The key is free again: a create after a delete stores new bytes.
        const other = bytes('new');
        expect(await store.create('p/releases/0.1.0/a.txt', other, metaOf(other))).toBe('created');
        expect((await store.get('p/releases/0.1.0/a.txt'))?.body.equals(other)).toBe(true);
      });
    });

    it('tells the publisher how many writes it takes at once', async () => {
      const store = await aStore();
      expect(Number.isInteger(store.concurrency) && store.concurrency > 0).toBe(true);
    });

    it('checkWritable passes on a usable store', async () => {
      const store = await aStore();
      await expect(store.checkWritable()).resolves.toBeUndefined();
    });
  });
}
