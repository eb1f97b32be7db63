// The newest sealed release without listing files: the same answer as the whole catalog, from
// one listing of the version folders and a head per version tried, on a real folder store.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestKey } from '../release/release-manifest';
import { FileStore } from '../store/file-store';
import type { ObjectStore } from '../store/object-store';
import { readNewestSealedRelease } from './read-newest-sealed-release';
import { readReleaseCatalog } from './read-release-catalog';

let dir: string;
let store: FileStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tagdeploy-newest-'));
  store = new FileStore(dir, 'file:store');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function put(key: string, text = key): Promise<void> {
  const body = Buffer.from(text);
  await store.create(key, body, { contentType: 'text/plain', sha256: createHash('sha256').update(body).digest('hex') });
}

/** A release folder with `files` files, sealed or not. */
async function release(version: string, sealed: boolean, files = 3): Promise<void> {
  for (let i = 0; i < files; i++) await put(`checkout/releases/${version}/assets/file-${i}.js`);
  if (sealed) await put(manifestKey('checkout', version), JSON.stringify({ version }));
}

/** The store, counting what each call of the port is asked. */
function counted(inner: ObjectStore): { store: ObjectStore; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? (...args: unknown[]) => (calls.push(String(name)), value.apply(target, args)) : value;
    },
  });
  return { store, calls };
}

describe('readNewestSealedRelease', () => {
  it('gives the newest sealed version by semver, as the whole catalog does, with one folder listing and no file listing', async () => {
    await release('0.1.0', true);
    await release('0.2.0', true, 50);
    await release('0.9.0', true);
    await release('0.10.0', false);
    await release('0.11.0-rc.1', false);
    const { store: watched, calls } = counted(store);
    const newest = await readNewestSealedRelease(watched, 'checkout');
    expect(newest).toEqual({ sealed: ['0.9.0'], unsealed: ['0.10.0', '0.11.0-rc.1'] });
    expect(newest.sealed.at(-1)).toBe((await readReleaseCatalog(store, 'checkout')).sealed.at(-1));
    expect(calls).toEqual(['listFolders', 'head', 'head', 'head']);
  });

  it('lists every unfinished version when none is sealed, like the catalog, and nothing for a product never released', async () => {
    await release('0.1.0', false);
    await release('0.2.0', false);
    expect(await readNewestSealedRelease(store, 'checkout')).toEqual(await readReleaseCatalog(store, 'checkout'));
    expect(await readNewestSealedRelease(store, 'storefront')).toEqual({ sealed: [], unsealed: [] });
  });

  it('costs the same heads for 200 sealed releases as for 2', async () => {
    for (let i = 0; i < 200; i++) await release(`1.0.${i}`, true, 1);
    const { store: watched, calls } = counted(store);
    expect(await readNewestSealedRelease(watched, 'checkout')).toEqual({ sealed: ['1.0.199'], unsealed: [] });
    expect(calls).toEqual(['listFolders', 'head']);
  });
});
