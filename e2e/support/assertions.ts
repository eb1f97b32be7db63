// Checks shared by the release end-to-end tests: a sealed release is complete and byte-exact.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sha256, type Shop } from './shop';

export interface SealedManifest {
  product: string;
  version: string;
  tag: string;
  commit: string;
  changelog: string;
  files: { path: string; size: number; sha256: string; contentType: string; cacheControl?: string }[];
}

export function readManifest(shop: Shop, product: string, version: string): SealedManifest {
  return JSON.parse(readFileSync(join(shop.storeRoot, product, 'releases', version, 'release.json'), 'utf8')) as SealedManifest;
}

/** Every file listed in release.json is in the store with the listed size and sha256, and nothing else is. */
export function expectCompleteRelease(shop: Shop, product: string, version: string): SealedManifest {
  const manifest = readManifest(shop, product, version);
  const folder = join(shop.storeRoot, product, 'releases', version);
  for (const file of manifest.files) {
    const bytes = readFileSync(join(folder, file.path));
    expect({ path: file.path, size: bytes.length, sha256: sha256(bytes) }).toEqual({ path: file.path, size: file.size, sha256: file.sha256 });
  }
  const stored = shop.storeFiles().filter((file) => file.startsWith(`${product}/releases/${version}/`));
  expect(stored.sort()).toEqual([...manifest.files.map((file) => `${product}/releases/${version}/${file.path}`), `${product}/releases/${version}/release.json`].sort());
  return manifest;
}

export function storedIndexHtml(shop: Shop, product: string, version: string): string {
  return readFileSync(join(shop.storeRoot, product, 'releases', version, 'index.html'), 'utf8');
}
