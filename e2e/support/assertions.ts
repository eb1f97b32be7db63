// Checks shared by the release end-to-end tests, read through the store (folder or S3): a sealed
// release is complete and byte-exact.
import { expect } from 'vitest';
import { sha256, type Shop } from './shop';

/** What these checks read: the store of an Nx shop or of a Turborepo shop. */
type WithStore = Pick<Shop, 'store' | 'storeFiles'>;

export interface SealedManifest {
  product: string;
  version: string;
  tag: string;
  commit: string;
  changelog: string;
  files: { path: string; size: number; sha256: string; contentType: string; cacheControl?: string }[];
}

async function readObject(shop: WithStore, key: string): Promise<Buffer> {
  const object = await shop.store.get(key);
  if (!object) throw new Error(`${key} is not in the store`);
  return object.body;
}

export async function readManifest(shop: WithStore, product: string, version: string): Promise<SealedManifest> {
  return JSON.parse((await readObject(shop, `${product}/releases/${version}/release.json`)).toString('utf8')) as SealedManifest;
}

/** Every file listed in release.json is in the store with the listed size and sha256, and nothing else is. */
export async function expectCompleteRelease(shop: WithStore, product: string, version: string): Promise<SealedManifest> {
  const manifest = await readManifest(shop, product, version);
  const prefix = `${product}/releases/${version}/`;
  for (const file of manifest.files) {
    const bytes = await readObject(shop, prefix + file.path);
    expect({ path: file.path, size: bytes.length, sha256: sha256(bytes) }).toEqual({ path: file.path, size: file.size, sha256: file.sha256 });
  }
  const stored = (await shop.storeFiles()).filter((key) => key.startsWith(prefix));
  expect(stored.sort()).toEqual([...manifest.files.map((file) => prefix + file.path), `${prefix}release.json`].sort());
  return manifest;
}

export async function storedIndexHtml(shop: WithStore, product: string, version: string): Promise<string> {
  return (await readObject(shop, `${product}/releases/${version}/index.html`)).toString('utf8');
}
