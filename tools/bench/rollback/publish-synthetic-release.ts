// A sealed static release of any size written straight through the ObjectStore port: N small
// files under <product>/releases/<version>/, then the release.json that seals them, in the same
// layout `nx release-product` writes. Building a 10,000-file Vite app for each run would time the
// build, not the env switch; the switch only reads what is in the store.
import { createHash } from 'node:crypto';
import { mapWithConcurrency } from '../../../packages/core/src/env/map-with-concurrency';
import type { ObjectMeta, ObjectStore } from '../../../packages/core/src/store/object-store';
import { manifestKey, readToolVersion, releasePrefix, type ManifestFile, type ReleaseManifest } from '../../../packages/core/src/release/release-manifest';

export interface SyntheticRelease {
  product: string;
  version: string;
  files: number;
  /** Recorded in release.json (defaults: a made-up commit, `<product>@<version>`). */
  commit?: string;
  tag?: string;
}

const immutable = 'public, max-age=31536000, immutable';

export async function publishSyntheticRelease(store: ObjectStore, release: SyntheticRelease): Promise<ReleaseManifest> {
  const { product, version } = release;
  const prefix = releasePrefix(product, version);
  const paths = Array.from({ length: release.files }, (_, i) => (i === 0 ? 'index.html' : `assets/chunk-${String(i).padStart(5, '0')}.js`));
  const files = await mapWithConcurrency(paths, store.concurrency, async (path): Promise<ManifestFile> => {
    const html = path === 'index.html';
    const body = Buffer.from(html ? `<!doctype html><title>${product} v${version}</title><p id="version">v${version}</p>\n` : `export const chunk = ${JSON.stringify(`${product} ${version} ${path}`)};\n`);
    const meta: ObjectMeta = {
      contentType: html ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
      cacheControl: html ? 'no-cache' : immutable,
      sha256: sha256(body),
    };
    await store.create(prefix + path, body, meta);
    return { path, size: body.length, ...meta };
  });
  const manifest: ReleaseManifest = {
    schemaVersion: 1,
    product,
    kind: 'static',
    version,
    tag: release.tag ?? `${product}@${version}`,
    commit: release.commit ?? sha1(`${product}@${version}`),
    builtAt: new Date().toISOString(),
    tool: { name: '@tagdeploy/core', version: readToolVersion() },
    changelog: `## ${version}\n\n### Bug fixes\n\n- synthetic release of ${release.files} files\n`,
    files,
  };
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.create(manifestKey(product, version), body, { contentType: 'application/json', cacheControl: 'no-cache', sha256: sha256(body) });
  return manifest;
}

const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
