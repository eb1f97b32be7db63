import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTagdeployError, TagdeployError } from '../errors/tagdeploy-error';
import { readBuildOutput } from './read-build-output';

const tempDirs: string[] = [];
afterEach(() => tempDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temp folder holding `dist/` with the given files. */
function aBuildOutput(files: Record<string, string | Buffer>): { base: string; dist: string } {
  const base = mkdtempSync(join(tmpdir(), 'tagdeploy-output-'));
  tempDirs.push(base);
  const dist = join(base, 'dist');
  mkdirSync(dist);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), content);
  }
  return { base, dist };
}

const sha = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

describe('readBuildOutput', () => {
  it('lists every file sorted by path with size, sha256, content type and cache policy', async () => {
    const big = Buffer.alloc(300_000, 7);
    const { dist } = aBuildOutput({
      'index.html': '<script src="/assets/index-B4xk2_9a.js"></script>',
      'assets/index-B4xk2_9a.js': 'console.log("v0.1.0")',
      'assets/photo.png': big,
      'Zebra.txt': 'z',
    });

    const files = await readBuildOutput(dist, 'dist/apps/checkout', 'checkout');

    expect(files.map((f) => f.path)).toEqual(['Zebra.txt', 'assets/index-B4xk2_9a.js', 'assets/photo.png', 'index.html']);
    expect(files[1]).toEqual({
      path: 'assets/index-B4xk2_9a.js',
      absPath: join(dist, 'assets/index-B4xk2_9a.js'),
      size: 21,
      sha256: sha('console.log("v0.1.0")'),
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    expect(files[2]).toMatchObject({ size: big.length, sha256: sha(big), contentType: 'image/png', cacheControl: 'no-cache' });
    expect(files[3]).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
  });

  it('follows a symlink that stays inside the folder as a file', async () => {
    const { dist } = aBuildOutput({ 'assets/real.css': 'body{}' });
    symlinkSync('assets/real.css', join(dist, 'alias.css'));
    const files = await readBuildOutput(dist, 'dist', 'checkout');
    expect(files.map((f) => [f.path, f.sha256])).toEqual([['alias.css', sha('body{}')], ['assets/real.css', sha('body{}')]]);
  });

  it('refuses a symlink that points outside the folder with UNSAFE_OUTPUT naming the link and its target', async () => {
    const { base, dist } = aBuildOutput({ 'index.html': 'x' });
    writeFileSync(join(base, 'secret.env'), 'TOKEN=1');
    symlinkSync('../secret.env', join(dist, 'config.env'));

    const error = await failure(readBuildOutput(dist, 'dist/apps/checkout', 'checkout'));

    expect(error.code).toBe('UNSAFE_OUTPUT');
    expect(error.message).toContain('config.env');
    expect(error.message).toContain(join(base, 'secret.env'));
    expect(error.message).toContain('dist/apps/checkout');
  });

  it('refuses a folder symlink that points outside, and one that loops', async () => {
    const outside = aBuildOutput({ 'index.html': 'x' });
    symlinkSync('/', join(outside.dist, 'root'));
    expect((await failure(readBuildOutput(outside.dist, 'dist', 'checkout'))).code).toBe('UNSAFE_OUTPUT');

    const loop = aBuildOutput({ 'a/index.html': 'x' });
    symlinkSync('..', join(loop.dist, 'a/up'));
    const error = await failure(readBuildOutput(loop.dist, 'dist', 'checkout'));
    expect(error.code).toBe('UNSAFE_OUTPUT');
    expect(error.message).toContain('a/up');
  });

  it('refuses a dangling symlink', async () => {
    const { dist } = aBuildOutput({ 'index.html': 'x' });
    symlinkSync('missing.js', join(dist, 'app.js'));
    const error = await failure(readBuildOutput(dist, 'dist', 'checkout'));
    expect(error.code).toBe('UNSAFE_OUTPUT');
    expect(error.message).toContain('app.js');
  });

  it('fails with BUILD_OUTPUT_MISSING naming the product and outputPath when the folder is missing', async () => {
    const { base } = aBuildOutput({});
    const error = await failure(readBuildOutput(join(base, 'nope'), 'dist/apps/checkout', 'checkout'));
    expect(error.code).toBe('BUILD_OUTPUT_MISSING');
    expect(error.message).toBe('Build output dist/apps/checkout does not exist after building checkout; check outputPath in tagdeploy.json.');
  });

  it('fails with BUILD_OUTPUT_MISSING when the output is a file', async () => {
    const { dist } = aBuildOutput({ 'bundle.js': 'x' });
    const error = await failure(readBuildOutput(join(dist, 'bundle.js'), 'dist/bundle.js', 'checkout'));
    expect(error.code).toBe('BUILD_OUTPUT_MISSING');
    expect(error.message).toContain('not a folder');
  });

  it('fails with BUILD_OUTPUT_MISSING when the folder holds no files', async () => {
    const { dist } = aBuildOutput({});
    mkdirSync(join(dist, 'assets'));
    const error = await failure(readBuildOutput(dist, 'dist/apps/checkout', 'checkout'));
    expect(error.code).toBe('BUILD_OUTPUT_MISSING');
    expect(error.message).toMatch(/^Build output dist\/apps\/checkout is empty after building checkout/);
  });

  it('hashes a sparse file of 2 GiB + 1 byte (more than one Buffer can read) as a stream', async () => {
    const { dist } = aBuildOutput({ 'index.html': 'x' });
    const size = 2 ** 31 + 1;
    writeFileSync(join(dist, 'video.mp4'), '');
    truncateSync(join(dist, 'video.mp4'), size);

    const files = await readBuildOutput(dist, 'dist', 'checkout');

    expect(files.find((f) => f.path === 'video.mp4')).toMatchObject({ size, sha256: zerosSha(size) });
  }, 120_000);

  it('shows every file with its size to beforeHashing, which can refuse the output before a byte is read', async () => {
    const { dist } = aBuildOutput({ 'index.html': 'x', 'assets/app.js': 'console.log(1)' });
    chmodSync(join(dist, 'assets/app.js'), 0o000);
    const seen: unknown[] = [];
    const refuse = async (files: readonly { path: string; size: number }[]) => {
      seen.push(...files.map(({ path, size }) => ({ path, size })));
      throw new TagdeployError('UNPUBLISHABLE_OUTPUT', 'refused');
    };

    const error = await failure(readBuildOutput(dist, 'dist', 'checkout', refuse));

    // The unreadable file was never opened: the hook's refusal is the answer, not EACCES.
    expect(error.code).toBe('UNPUBLISHABLE_OUTPUT');
    expect(seen).toEqual([{ path: 'assets/app.js', size: 14 }, { path: 'index.html', size: 1 }]);
  });

  it.each([
    ['a Latin-1 name', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x73])],
    ['a lone continuation byte', Buffer.from([0x80, 0x2e, 0x63, 0x73, 0x73])],
  ])('refuses a file name that is not valid UTF-8 (%s) with UNSAFE_OUTPUT', async (_what, name) => {
    const { dist } = aBuildOutput({ 'index.html': 'x' });
    mkdirSync(join(dist, 'assets'));
    writeFileSync(Buffer.concat([Buffer.from(join(dist, 'assets') + '/'), name]), 'bytes');

    const error = await failure(readBuildOutput(dist, 'dist/apps/checkout', 'checkout'));

    expect(error.code).toBe('UNSAFE_OUTPUT');
    expect(error.message).toMatch(/^Build output dist\/apps\/checkout of checkout contains a file name that is not valid UTF-8 \("assets\/.*"\); rename it/);
  });
});

/** The sha256 of `size` zero bytes (what a sparse file reads as), without a file. */
function zerosSha(size: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= chunk.length) hash.update(left >= chunk.length ? chunk : chunk.subarray(0, left));
  return hash.digest('hex');
}
