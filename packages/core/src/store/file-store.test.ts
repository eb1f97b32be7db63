import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  it.each([
    '../outside.txt', '/etc/passwd', 'a/../../b', 'a//b', './a', '.meta/x.json', 'a\\b', '', 'a/new\nline.js', 'tab\there', 'del\x7f',
    'a/.tagdeploy-tmp-1', `${'x'.repeat(251)}`, `d/${'é'.repeat(126)}`, 'lone\ud800half',
  ])('refuses the key %j with INVALID_KEY', async (key) => {
    const { store, root } = aFileStore();
    const error = await failure(store.create(key, Buffer.from('x'), metaOf(Buffer.from('x'))));
    expect(error.code).toBe('INVALID_KEY');
    expect(error.message).toContain(JSON.stringify(key));
    expect(error.message).not.toContain('\n');
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

// From 8 MiB on, bodies take the streamed path (no Buffer holds the file); a 2 GiB file is read
// in read-build-output.test.ts, where it costs a hash and no 2 GiB write.
describe('FileStore with large files (streamed)', () => {
  it('streams a large file into place, copies it, and refuses one whose bytes changed since they were hashed', async () => {
    const dir = aTempDir();
    const bytes = Buffer.alloc(9 * 1024 * 1024, 3);
    const source = join(dir, 'big.bin');
    writeFileSync(source, bytes);
    const { store, root } = aFileStore();

    expect(await store.create('a/big.bin', { path: source, size: bytes.length }, metaOf(bytes))).toBe('created');
    expect(await store.create('a/big.bin', { path: source, size: bytes.length }, metaOf(bytes))).toBe('exists');
    expect(await store.copy('a/big.bin', 'b/big.bin', metaOf(bytes))).toBe('created');
    expect((await store.get('b/big.bin'))?.body.equals(bytes)).toBe(true);

    const claimed = metaOf(Buffer.alloc(bytes.length, 4));
    const error = await failure(store.create('c/big.bin', { path: source, size: bytes.length }, claimed));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain(`file:.tagdeploy/store/c/big.bin have sha256 ${sha(bytes)}, not ${claimed.sha256}`);
    expect(await store.head('c/big.bin')).toBeUndefined();
    expect(readdirRecursive(root).filter((name) => name.includes('.tagdeploy-'))).toEqual([]);
  });

  it('refuses to copy a stored object whose bytes were edited in place (CHECKSUM_MISMATCH), creating nothing', async () => {
    const bytes = Buffer.alloc(9 * 1024 * 1024, 5);
    const { store, root } = aFileStore();
    await store.create('a/big.bin', bytes, metaOf(bytes));
    writeFileSync(join(root, 'a/big.bin'), Buffer.alloc(bytes.length, 6));

    const error = await failure(store.copy('a/big.bin', 'b/big.bin', metaOf(bytes)));

    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('Cannot copy file:.tagdeploy/store/a/big.bin to b/big.bin');
    expect(await store.head('b/big.bin')).toBeUndefined();
  });
});

describe('FileStore.findWriteProblems', () => {
  it('finds nothing wrong with ordinary release files, a 250-byte name included', async () => {
    const { store } = aFileStore();
    const objects = [{ key: 'checkout/releases/0.1.0/index.html', size: 10 }, { key: `checkout/releases/0.1.0/${'n'.repeat(250)}`, size: 1 }];
    expect(await store.findWriteProblems(objects, aTempDir())).toEqual([]);
  });

  it('names every key a folder cannot hold, with the reason, and writes nothing', async () => {
    const { store, root } = aFileStore();
    const keys = ['p/a\\b.js', 'p/new\nline.js', 'p/.tagdeploy-lock-x', `p/${'n'.repeat(251)}`, `p/${'d/'.repeat(2100)}x`];

    const problems = await store.findWriteProblems(keys.map((key) => ({ key, size: 1 })));

    expect(problems.map((p) => p.key)).toEqual(keys);
    expect(problems.map((p) => p.problem)).toEqual([
      'contains a backslash',
      expect.stringContaining('contains a control character'),
      expect.stringContaining('names the store keeps for itself'),
      'has a part of 251 bytes; a folder store takes at most 250 bytes (UTF-8) per "/"-separated part',
      expect.stringMatching(/^makes a path of \d+ bytes under .*; the filesystem takes at most 4095$/),
    ]);
    expect(existsSync(root)).toBe(false);
  });

  it('refuses a source folder inside the store or around it', async () => {
    const { store, root } = aFileStore();
    mkdirSync(join(root, 'dist'), { recursive: true });

    for (const source of [join(root, 'dist'), dirname(root), root]) {
      const problems = await store.findWriteProblems([{ key: 'p/a.js', size: 1 }], source);
      expect(problems).toEqual([{ problem: expect.stringContaining(`the folder ${source} overlaps the store's folder ${root}`) }]);
    }
  });

  it('refuses more bytes than the filesystem has free, before writing any', async () => {
    const { store, root } = aFileStore();
    const { bavail, bsize } = statfsSync(dirname(root));

    const problems = await store.findWriteProblems([{ key: 'p/huge.bin', size: bavail * bsize + 2 ** 30 }]);

    expect(problems).toEqual([{ problem: expect.stringMatching(/^needs [\d.]+ GiB but the filesystem of .* has [\d.]+ GiB free\. Free some space/) }]);
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

  it('gives up on a lock a live writer holds, naming the lock file, and changes nothing', async () => {
    const { store, root } = aFileStore({ lockTimeoutMs: 150 });
    const start = await store.replace('envs/prod.json', Buffer.from('0'), metaOf(Buffer.from('0')), null);
    writeFileSync(join(root, 'envs/.tagdeploy-lock-prod.json'), `${process.ppid}\n`);

    const error = await failure(store.replace('envs/prod.json', Buffer.from('1'), metaOf(Buffer.from('1')), start));

    expect(error.code).toBe('STORE_LOCKED');
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
