// repackNpmRelease against real npm pack and a folder store: the same package packs to the
// released integrity (its workspace dependency pinned as released), a changed file is named, and
// a stored tarball that is missing or was changed is refused before anything is packed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TagdeployError } from '../errors/tagdeploy-error';
import { packNpmRelease } from '../npm/pack-npm-release';
import { readNpmPackage } from '../npm/read-npm-package';
import { resolvePublishedManifest } from '../npm/resolve-published-manifest';
import { releasePrefix, type ReleaseManifest } from '../release/release-manifest';
import { FileStore } from '../store/file-store';
import type { Workspace, WorkspaceProject } from '../workspace/workspace';
import { readReleasedTarball, repackNpmRelease } from './repack-npm-release';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function write(root: string, files: Record<string, unknown>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

const aProject = (name: string): WorkspaceProject => ({ name, root: `packages/${name}`, dependencies: [], targets: ['build'] });

/** A workspace whose npm product "sdk" depends on the workspace package "core", released as sdk 1.0.0 with core pinned to 2.3.4. */
async function aReleasedPackage() {
  const root = mkdtempSync(join(tmpdir(), 'repack-npm-'));
  folders.push(root);
  write(root, {
    'packages/sdk/package.json': { name: '@acme/sdk', version: '0.0.0', files: ['dist'], dependencies: { '@acme/core': '*', semver: '^7.0.0' } },
    'packages/sdk/dist/index.js': 'export const sdk = 1;\n',
    'packages/core/package.json': { name: '@acme/core', version: '0.0.0' },
  });
  const workspace: Workspace = { root, projects: { sdk: aProject('sdk'), core: aProject('core') } };
  const pkg = readNpmPackage('sdk', root, 'packages/sdk');
  const tarball = await packNpmRelease(pkg, resolvePublishedManifest(pkg.manifest, '1.0.0', new Set(['@acme/sdk', '@acme/core']), { '@acme/core': '2.3.4' }), 'sdk');
  folders.push(dirname(tarball.path));
  const store = new FileStore(join(root, '.store'), 'file:.store');
  const key = releasePrefix('sdk', '1.0.0') + tarball.filename;
  await store.create(key, readFileSync(tarball.path), { contentType: 'application/gzip', sha256: tarball.sha256 });
  const manifest = {
    product: 'sdk',
    kind: 'npm',
    version: '1.0.0',
    tag: 'sdk@1.0.0',
    files: [{ path: tarball.filename, size: tarball.size, sha256: tarball.sha256, contentType: 'application/gzip' }],
    package: { name: '@acme/sdk', registry: 'https://registry.example.test/', tarball: tarball.filename, integrity: tarball.integrity, shasum: tarball.shasum },
  } as unknown as ReleaseManifest;
  return { root, workspace, store, manifest, storedFile: join(root, '.store', key) };
}

/** What the rebuild does: open the stored tarball, then pack the checkout again. */
const repack = async ({ store, manifest, checkout }: { store: FileStore; manifest: ReleaseManifest; checkout: Workspace }) => repackNpmRelease({ released: await readReleasedTarball(store, manifest), manifest, checkout });

const failure = (promise: Promise<unknown>): Promise<TagdeployError> => promise.then(() => { throw new Error('expected a failure'); }, (error: TagdeployError) => error);

describe('repackNpmRelease', () => {
  it('packs the same package to the released integrity, the workspace dependency pinned as it was released', async () => {
    const { workspace, store, manifest } = await aReleasedPackage();
    expect(await repack({ store, manifest, checkout: workspace })).toEqual({ integrity: manifest.package?.integrity, files: 2, comparison: null });
  });

  it('names the file whose bytes differ', async () => {
    const { root, workspace, store, manifest } = await aReleasedPackage();
    write(root, { 'packages/sdk/dist/index.js': 'export const sdk = 2;\n', 'packages/sdk/dist/extra.js': '' });

    const repacked = await repack({ store, manifest, checkout: workspace });

    expect(repacked.integrity).not.toBe(manifest.package?.integrity);
    expect(repacked.comparison).toEqual({ same: 1, changed: ['dist/index.js'], missing: [], extra: ['dist/extra.js'] });
  });

  it('refuses a tag whose package.json depends on a workspace package the release does not name', async () => {
    const { root, workspace, store, manifest } = await aReleasedPackage();
    write(root, { 'packages/other/package.json': { name: '@acme/other', version: '0.0.0' } });
    const sdk = JSON.parse(readFileSync(join(root, 'packages/sdk/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    write(root, { 'packages/sdk/package.json': { ...sdk, dependencies: { ...sdk.dependencies, '@acme/other': '*' } } });
    const checkout: Workspace = { ...workspace, projects: { ...workspace.projects, other: aProject('other') } };

    const error = await failure(repack({ store, manifest, checkout }));

    expect(error.code).toBe('RELEASE_NOT_REPRODUCIBLE');
    expect(error.message).toBe("sdk 1.0.0 is not reproducible: its tag's package.json depends on the workspace package @acme/other, which the released package.json does not name, so the tag does not describe what was released. Release a new version.");
  });

  it('refuses a stored tarball whose bytes are not release.json\'s, and one that is missing', async () => {
    const { workspace, store, manifest, storedFile } = await aReleasedPackage();
    writeFileSync(storedFile, Buffer.concat([readFileSync(storedFile), Buffer.from([0])]));
    const changed = await failure(repack({ store, manifest, checkout: workspace }));
    expect(changed.code).toBe('CHECKSUM_MISMATCH');
    expect(changed.message).toMatch(/^sdk 1\.0\.0's stored tarball sdk\/releases\/1\.0\.0\/acme-sdk-1\.0\.0\.tgz does not hash to release\.json's sha256 \([0-9a-f]{12}…, not [0-9a-f]{12}…\): the bytes in the store were changed after the release\. Run ⟦verify sdk --release=1\.0\.0⟧ to see what else is wrong, and deploy another release\.$/);

    unlinkSync(storedFile);
    const missing = await failure(repack({ store, manifest, checkout: workspace }));
    expect(missing.code).toBe('RELEASE_CORRUPT');
    expect(missing.message).toBe("sdk 1.0.0's package tarball acme-sdk-1.0.0.tgz is missing from file:.store, so there is nothing to compare the rebuild with. Run ⟦verify sdk --release=1.0.0⟧ without --rebuild to see what else is wrong, and deploy another release.");
  });
});
