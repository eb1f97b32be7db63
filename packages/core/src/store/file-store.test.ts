import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { isTagdeployError, type TagdeployError } from '../errors/tagdeploy-error';
import { FileStore } from './file-store';
import type { ObjectMeta } from './object-store';
import { describeObjectStoreContract } from './testing/object-store-contract';

const tempDirs: string[] = [];
afterEach(() => tempDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function aTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-store-'));
  tempDirs.push(dir);
  return dir;
}

function aFileStore(options?: { lockTimeoutMs?: number }): { store: FileStore; root: string } {
  const root = join(aTempDir(), 'store');
  return { store: new FileStore(root, 'file:.tagdeploy/store', options), root };
}

const sha = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex');
const metaOf = (body: Buffer, contentType = 'text/plain'): ObjectMeta => ({ contentType, cacheControl: 'no-cache', sha256: sha(body) });

async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

describeObjectStoreContract('FileStore in a temp folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-store-contract-'));
  return { store: new FileStore(join(dir, 'store'), `file:${dir}/store`), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe('FileStore layout', () => {
  it('keeps objects browsable at <root>/<key> with metadata in <root>/.meta/<key>.json', async () => {
    const { store, root } = aFileStore();
    const body = Buffer.from('<h1>hi</h1>');

    await store.create('checkout/releases/0.1.0/index.html', body, metaOf(body, 'text/html; charset=utf-8'));

    expect(readFileSync(join(root, 'checkout/releases/0.1.0/index.html'), 'utf8')).toBe('<h1>hi</h1>');
    const sidecar = JSON.parse(readFileSync(join(root, '.meta/checkout/releases/0.1.0/index.html.json'), 'utf8'));
    expect(sidecar).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', sha256: sha(body), size: body.length });
  });

  it('leaves no temp or lock files behind', async () => {
    const { store, root } = aFileStore();
    const body = Buffer.from('x');
    await store.create('a/b.txt', body, metaOf(body));
    const etag = await store.replace('a/ptr.json', body, metaOf(body), null);
    await store.replace('a/ptr.json', Buffer.from('y'), metaOf(Buffer.from('y')), etag);
    await store.checkWritable();
    expect(readdirRecursive(root).filter((name) => name.includes('.tagdeploy-'))).toEqual([]);
  });

  it('does not list metadata, temp files or lock files', async () => {
    const { store, root } = aFileStore();
    const body = Buffer.from('x');
    await store.create('a/b.txt', body, metaOf(body));
    writeFileSync(join(root, 'a/.tagdeploy-tmp-1234'), 'partial');
    writeFileSync(join(root, 'a/.tagdeploy-lock-ptr.json'), '1');
    expect(await store.list('')).toEqual(['a/b.txt']);
  });

  it('recomputes the sha256 when the sidecar is missing (a crash between object and meta)', async () => {
    const { store, root } = aFileStore();
    const body = Buffer.from('console.log(1)');
    await store.create('app.js', body, metaOf(body, 'text/javascript'));
    unlinkSync(join(root, '.meta/app.js.json'));

    expect(await store.head('app.js')).toMatchObject({ sha256: sha(body), etag: sha(body), size: body.length, contentType: 'text/javascript; charset=utf-8' });
    expect(await store.create('app.js', body, metaOf(body, 'text/javascript'))).toBe('exists');
    expect(existsSync(join(root, '.meta/app.js.json'))).toBe(true);
  });

  it('does not trust a sidecar that describes an earlier file', async () => {
    const { store, root } = aFileStore();
    const body = Buffer.from('v1');
    await store.create('ptr.json', body, metaOf(body));
    writeFileSync(join(root, 'ptr.json'), 'v2 changed behind our back');
    expect((await store.head('ptr.json'))?.sha256).toBe(sha('v2 changed behind our back'));
  });

  it('names the store, the key and the fix when other bytes exist', async () => {
    const { store } = aFileStore();
    await store.create('checkout/releases/0.1.0/app.js', Buffer.from('a'), metaOf(Buffer.from('a')));
    const error = await failure(store.create('checkout/releases/0.1.0/app.js', Buffer.from('b'), metaOf(Buffer.from('b'))));
    expect(error.message).toMatch(/^file:\.tagdeploy\/store\/checkout\/releases\/0\.1\.0\/app\.js already exists with other bytes \(sha256 [0-9a-f]{64}.*\)\. A release is never overwritten/);
  });
});

describe('FileStore keys', () => {
  it.each(['../outside.txt', '/etc/passwd', 'a/../../b', 'a//b', './a', '.meta/x.json', 'a\\b', ''])('refuses the key %j with INVALID_KEY', async (key) => {
    const { store, root } = aFileStore();
    const error = await failure(store.create(key, Buffer.from('x'), metaOf(Buffer.from('x'))));
    expect(error.code).toBe('INVALID_KEY');
    expect(error.message).toContain(`"${key}"`);
    expect(existsSync(root)).toBe(false);
  });

  it('refuses bytes whose sha256 differs from the one given, and writes nothing', async () => {
    const { store } = aFileStore();
    const error = await failure(store.create('app.js', Buffer.from('changed'), metaOf(Buffer.from('original'))));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('app.js');
    expect(await store.head('app.js')).toBeUndefined();
  });
});

describe('FileStore compare-and-swap', () => {
  it('lets exactly one of eight concurrent swaps win', async () => {
    const { store } = aFileStore();
    const start = await store.replace('ptr.json', Buffer.from('0'), metaOf(Buffer.from('0')), null);
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.from(`writer ${i}`));

    const results = await Promise.allSettled(bodies.map((body) => store.replace('ptr.json', body, metaOf(body), start)));

    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    expect((await store.get('ptr.json'))?.body.toString()).toBe(`writer ${winners[0]}`);
  });

  it('loses no update when four processes increment one counter with compare-and-swap', async () => {
    const { store, root } = aFileStore();
    await store.replace('counter.txt', Buffer.from('0'), metaOf(Buffer.from('0')), null);
    // Each process adds 1 twenty-five times: read, swap from the etag it read, retry when it lost.
    const script = `
      const { createHash } = require('node:crypto');
      const { FileStore } = require(${JSON.stringify(join(__dirname, 'file-store.ts'))});
      const store = new FileStore(process.argv[1], 'file:x');
      (async () => {
        let lost = 0;
        for (let done = 0; done < 25; ) {
          const { body, head } = await store.get('counter.txt');
          const next = Buffer.from(String(Number(body.toString()) + 1));
          const meta = { contentType: 'text/plain', sha256: createHash('sha256').update(next).digest('hex') };
          try { await store.replace('counter.txt', next, meta, head.etag); done++; }
          catch (e) { if (e.code !== 'PRECONDITION_FAILED') throw e; lost++; }
        }
        console.log(lost);
      })();`;
    const run = () => promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', '-e', script, root]);

    await Promise.all([run(), run(), run(), run()]);

    expect((await store.get('counter.txt'))?.body.toString()).toBe('100');
  });

  it('gives up on a lock another writer never released, naming the lock file, and changes nothing', async () => {
    const { store, root } = aFileStore({ lockTimeoutMs: 150 });
    const start = await store.replace('envs/prod.json', Buffer.from('0'), metaOf(Buffer.from('0')), null);
    writeFileSync(join(root, 'envs/.tagdeploy-lock-prod.json'), '99999\n');

    const error = await failure(store.replace('envs/prod.json', Buffer.from('1'), metaOf(Buffer.from('1')), start));

    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain(join(root, 'envs/.tagdeploy-lock-prod.json'));
    expect(error.message).toContain('delete that file');
    expect((await store.get('envs/prod.json'))?.body.toString()).toBe('0');
  });
});

describe('FileStore.checkWritable', () => {
  it('creates the store folder when it does not exist yet', async () => {
    const { store, root } = aFileStore();
    await store.checkWritable();
    expect(existsSync(root)).toBe(true);
  });

  it('fails with STORE_UNAVAILABLE naming the folder, the OS error and the fix', async () => {
    const file = join(aTempDir(), 'a-regular-file');
    writeFileSync(file, 'not a folder');
    const store = new FileStore(join(file, 'store'), 'file:a-regular-file/store');

    const error = await failure(store.checkWritable());

    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain('file:a-regular-file/store');
    expect(error.message).toContain(join(file, 'store'));
    expect(error.message).toContain('ENOTDIR');
    expect(error.message).toMatch(/point "store" in ⟦settings⟧ at a folder you can write/);
  });
});

function readdirRecursive(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? readdirRecursive(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}
