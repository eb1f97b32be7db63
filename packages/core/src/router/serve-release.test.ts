import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachePolicyFor, immutableCacheControl } from '../store/cache-policy';
import { contentTypeFor } from '../store/content-type';
import { FileStore } from '../store/file-store';
import { LocalRouter } from './local-router';
import { serveRelease, type ReleaseServer } from './serve-release';
import { testSpelling } from '../commands/testing/cli-spelling';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function aFileStore(): FileStore {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-serve-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return new FileStore(join(dir, 'store'), `file:${dir}/store`);
}

const sha = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/** Publishes a sealed release of checkout the way release-product does: files, then release.json. */
async function aRelease(store: FileStore, version: string): Promise<void> {
  const files: Record<string, string> = {
    'index.html': `<html><script type="module" src="/r/${version}/assets/index-B4xk2_9a.js"></script><p>v${version}</p></html>`,
    'assets/index-B4xk2_9a.js': `console.log("main ${version}")`,
    [`assets/lazy-${version.replace(/\./g, '')}Ab_Cd1.js`]: `export const lazy = "${version}"`,
    'assets/x.js': `export const x = "${version}"`,
    'robots.txt': 'User-agent: *',
    'docs/index.html': `<p>docs ${version}</p>`,
  };
  for (const [path, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    await store.create(`checkout/releases/${version}/${path}`, body, { contentType: contentTypeFor(path), cacheControl: cachePolicyFor(path), sha256: sha(body) });
  }
  const seal = Buffer.from(JSON.stringify({ product: 'checkout', version }));
  await store.create(`checkout/releases/${version}/release.json`, seal, { contentType: contentTypeFor('release.json'), cacheControl: 'no-cache', sha256: sha(seal) });
}

/** Writes production's pointer the way deploy does (compare-and-swap). */
async function pointProductionAt(store: FileStore, version: string): Promise<void> {
  const key = 'checkout/envs/production.json';
  const current = await store.head(key);
  const pointer = { product: 'checkout', env: 'production', version, previousVersion: null, seq: 1, action: 'deploy', deployedAt: '2024-01-01T00:00:00.000Z', deployedBy: 'ci', approvedBy: null, reason: null };
  const body = Buffer.from(JSON.stringify(pointer));
  await store.replace(key, body, { contentType: 'application/json', cacheControl: 'no-cache', sha256: sha(body) }, current?.etag ?? null);
}

async function aServer(store: FileStore): Promise<ReleaseServer> {
  const server = await serveRelease({ store, product: 'checkout', env: 'production', spelling: testSpelling });
  cleanups.push(() => server.close());
  return server;
}

/** A raw GET/HEAD: fetch() would normalise "..", which is exactly what must be tested. */
function call(server: ReleaseServer, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function aStoreWithTwoReleases(): Promise<FileStore> {
  const store = aFileStore();
  await aRelease(store, '0.1.0');
  await aRelease(store, '0.2.0');
  return store;
}

describe('serveRelease (local router) against a FileStore', () => {
  it('serves the live version\'s index.html at / with its version and env', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.1.0');
    const server = await aServer(store);

    const res = await call(server, '/');

    expect(res.status).toBe(200);
    expect(res.body).toContain('<p>v0.1.0</p>');
    expect(res.headers['x-tagdeploy-version']).toBe('0.1.0');
    expect(res.headers['x-tagdeploy-env']).toBe('production');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the new version on the next request after the pointer moves', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.1.0');
    const server = await aServer(store);
    expect((await call(server, '/')).body).toContain('v0.1.0');

    await pointProductionAt(store, '0.2.0');
    const after = await call(server, '/');

    expect(after.body).toContain('<p>v0.2.0</p>');
    expect(after.headers['x-tagdeploy-version']).toBe('0.2.0');
  });

  it('keeps serving /r/<old>/assets/... after the pointer moved away from it', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.1.0');
    const server = await aServer(store);
    await pointProductionAt(store, '0.2.0');

    const lazy = await call(server, '/r/0.1.0/assets/lazy-010Ab_Cd1.js');
    const x = await call(server, '/r/0.1.0/assets/x.js');

    expect(lazy.status).toBe(200);
    expect(lazy.body).toBe('export const lazy = "0.1.0"');
    expect(lazy.headers['x-tagdeploy-version']).toBe('0.1.0');
    expect(x.body).toBe('export const x = "0.1.0"');
  });

  it('serves live files by their plain path', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);

    const res = await call(server, '/robots.txt');

    expect(res.status).toBe(200);
    expect(res.body).toBe('User-agent: *');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('sends content types and cache headers from the object metadata: hashed assets immutable, HTML no-cache', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);

    const html = await call(server, '/');
    const js = await call(server, '/r/0.2.0/assets/index-B4xk2_9a.js');

    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['cache-control']).toBe('no-cache');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe(immutableCacheControl);
    expect(js.headers.etag).toBe(`"${sha(Buffer.from('console.log("main 0.2.0")'))}"`);
  });

  it('answers a revalidation with the current etag with 304 and no body', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);
    const first = await call(server, '/');

    const again = await call(server, '/', 'GET', { 'If-None-Match': String(first.headers.etag) });

    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('falls back to the live index.html for missing extension-less paths (SPA routes)', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);

    const route = await call(server, '/orders/42');
    const folder = await call(server, '/docs/');

    expect(route.status).toBe(200);
    expect(route.body).toContain('<p>v0.2.0</p>');
    expect(folder.body).toBe('<p>docs 0.2.0</p>');
  });

  it('answers 404 for a missing file with an extension', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);

    const res = await call(server, '/assets/missing.js');

    expect(res.status).toBe(404);
    expect(res.body).toContain('assets/missing.js is not a file of checkout 0.2.0');
  });

  it('answers 404 naming the deploy command when the env has no pointer yet', async () => {
    const store = await aStoreWithTwoReleases();
    const server = await aServer(store);

    const res = await call(server, '/');

    expect(res.status).toBe(404);
    expect(res.body).toBe('production has no release deployed yet: tagdeploy deploy checkout --env production\n');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 500 naming the key when the pointer is not a valid env pointer', async () => {
    const store = await aStoreWithTwoReleases();
    const body = Buffer.from('{"version": 3}');
    await store.replace('checkout/envs/production.json', body, { contentType: 'application/json', sha256: sha(body) }, null);
    const server = await aServer(store);

    const res = await call(server, '/');

    expect(res.status).toBe(500);
    expect(res.body).toContain('checkout/envs/production.json is not a valid env record');
  });

  it('answers 404 for /r/<version>/ of an unknown or unsealed release', async () => {
    const store = await aStoreWithTwoReleases();
    const body = Buffer.from('half');
    await store.create('checkout/releases/0.3.0/assets/x.js', body, { contentType: 'text/javascript', sha256: sha(body) });
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);

    const unsealed = await call(server, '/r/0.3.0/assets/x.js');
    const unknown = await call(server, '/r/9.9.9/assets/x.js');

    expect(unsealed.status).toBe(404);
    expect(unsealed.body).toContain('checkout has no sealed release 0.3.0');
    expect(unknown.status).toBe(404);
  });

  it.each([
    '/r/0.1.0/../../envs/production.json',
    '/r/0.1.0/%2e%2e/%2e%2e/envs/production.json',
    '/r/0.1.0/assets/..%2f..%2f..%2fenvs%2fproduction.json',
    '/r/../checkout/envs/production.json',
    '/..%5c..%5cenvs/production.json',
  ])('rejects the traversal %s with 400 and serves nothing of the store', async (path) => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);

    const res = await call(server, path);

    expect(res.status).toBe(400);
    expect(res.body).not.toContain('"env"');
  });

  it('supports HEAD: same headers, no body', async () => {
    const store = await aStoreWithTwoReleases();
    await pointProductionAt(store, '0.2.0');
    const server = await aServer(store);

    const res = await call(server, '/r/0.1.0/assets/x.js', 'HEAD');

    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-length']).toBe(String('export const x = "0.1.0"'.length));
    expect(res.headers['x-tagdeploy-version']).toBe('0.1.0');
  });

  it('refuses writes with 405', async () => {
    const store = await aStoreWithTwoReleases();
    const server = await aServer(store);

    const res = await call(server, '/', 'PUT');

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe('LocalRouter', () => {
  it('switches without touching anything and reads the live version from the pointer', async () => {
    const store = await aStoreWithTwoReleases();
    const router = new LocalRouter(store);
    const target = { product: 'checkout', env: 'production' };
    expect(await router.readLive(target)).toBeNull();

    await pointProductionAt(store, '0.2.0');
    const result = await router.activate();

    expect(result.status).toBe('switched');
    expect(await router.readLive(target)).toBe('0.2.0');
  });
});

describe('the status page path', () => {
  it('serves the page it is given at /_tagdeploy/status, made on each request, never cached', async () => {
    const store = aFileStore();
    let made = 0;
    const server = await serveRelease({ store, product: 'checkout', env: 'production', spelling: testSpelling, statusPage: async () => `<p>page ${++made}</p>` });
    cleanups.push(() => server.close());

    const first = await fetch(`${server.url}_tagdeploy/status`);
    const second = await fetch(`${server.url}_tagdeploy/status/?x=1`);

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.text()).toBe('<p>page 1</p>');
    expect(await second.text()).toBe('<p>page 2</p>');
  });

  it('is an ordinary path of the release when the server has no status page', async () => {
    const store = aFileStore();
    await aRelease(store, '0.1.0');
    await pointProductionAt(store, '0.1.0');
    const server = await aServer(store);

    const reply = await fetch(`${server.url}_tagdeploy/status`);

    expect(reply.headers.get('x-tagdeploy-version')).toBe('0.1.0');
    expect(await reply.text()).toContain('<p>v0.1.0</p>');
  });
});
