// The npm half of release-verify --rebuild: packs the package again from the rebuilt checkout,
// the way the release packed it (pack-npm-release.ts), and compares the tarball's integrity with
// the released one; when they differ, both tarballs are opened and compared file by file, so the
// report names the files that differ.
//
// One input is a fact of the release's time, not of the tag's files: the released version of each
// workspace package it depends on (its published package.json pins them). Those are read from
// the stored tarball's package.json, once its bytes are proven to be release.json's; everything
// else, the package.json included, is rebuilt.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { packNpmRelease } from '../npm/pack-npm-release';
import { readNpmPackage } from '../npm/read-npm-package';
import { readTarballFiles, type TarballContents } from '../npm/read-tarball-files';
import { readWorkspacePackages } from '../npm/read-workspace-packages';
import { installedDependencyFields, readWorkspaceDependencies, resolvePublishedManifest } from '../npm/resolve-published-manifest';
import { releasePrefix, type ReleaseManifest } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import type { Workspace } from '../workspace/workspace';
import { command } from '../commands/spelling';
import { compareRebuiltFiles, type RebuildComparison } from './compare-rebuilt-files';

export interface RepackedRelease {
  /** The rebuilt tarball's integrity ("sha512-<base64>"). */
  integrity: string;
  /** The files inside the released tarball. */
  files: number;
  /** Set when the integrity differs: the two tarballs' files compared. */
  comparison: RebuildComparison | null;
}

export interface RepackRequest {
  /** The released tarball, opened (readReleasedTarball), before anything was built. */
  released: TarballContents;
  manifest: ReleaseManifest;
  /** The workspace as checked out at the tag (its root is the checkout's). */
  checkout: Workspace;
}

export async function repackNpmRelease({ released, manifest, checkout }: RepackRequest): Promise<RepackedRelease> {
  const { product, version } = manifest;
  const pkg = readNpmPackage(product, checkout.root, checkout.projects[product]?.root ?? '');
  const names = new Set(readWorkspacePackages(checkout).keys());
  const pins = pinnedAtRelease(readWorkspaceDependencies(pkg.manifest, names), released, `${product} ${version}`);
  const tarball = await packNpmRelease(pkg, resolvePublishedManifest(pkg.manifest, version, names, pins), product);
  try {
    const integrity = tarball.integrity;
    if (integrity === manifest.package?.integrity) return { integrity, files: released.files.length, comparison: null };
    const rebuilt = readTarballFiles(await readFile(tarball.path));
    return { integrity, files: released.files.length, comparison: compareRebuiltFiles(released.files, rebuilt.files) };
  } finally {
    await rm(dirname(tarball.path), { recursive: true, force: true });
  }
}

/** The stored tarball, opened, once its bytes are the ones release.json lists: read before the rebuild builds anything. */
export async function readReleasedTarball(store: ObjectStore, manifest: ReleaseManifest): Promise<TarballContents> {
  const { product, version } = manifest;
  const name = manifest.package?.tarball ?? '';
  const listed = manifest.files.find((file) => file.path === name);
  const key = `${releasePrefix(product, version)}${name}`;
  const stored = listed ? await store.get(key) : undefined;
  if (!listed || !stored) {
    throw new TagdeployError('RELEASE_CORRUPT', `${product} ${version}'s package tarball ${name || '(none named)'} is ${listed ? `missing from ${store.url}` : 'not among the files release.json lists'}, so there is nothing to compare the rebuild with. Run ${command('verify', product, { release: version })} without --rebuild to see what else is wrong, and deploy another release.`);
  }
  const bytes = createHash('sha256').update(stored.body).digest('hex');
  if (bytes !== listed.sha256) {
    throw new TagdeployError('CHECKSUM_MISMATCH', `${product} ${version}'s stored tarball ${key} does not hash to release.json's sha256 (${bytes.slice(0, 12)}…, not ${listed.sha256.slice(0, 12)}…): the bytes in the store were changed after the release. Run ${command('verify', product, { release: version })} to see what else is wrong, and deploy another release.`);
  }
  return readTarballFiles(stored.body);
}

/** Package name → the version its release pinned, for each workspace dependency the tag's package.json names. */
function pinnedAtRelease(dependencies: readonly string[], released: TarballContents, release: string): Record<string, string> {
  const pins: Record<string, string> = {};
  const named = (name: string): string | undefined => {
    for (const field of installedDependencyFields) {
      const deps = released.manifest?.[field];
      const spec = deps && typeof deps === 'object' ? (deps as Record<string, unknown>)[name] : undefined;
      if (typeof spec === 'string') return spec;
    }
    return undefined;
  };
  for (const name of dependencies) {
    const spec = named(name);
    if (spec === undefined) {
      throw new TagdeployError('RELEASE_NOT_REPRODUCIBLE', `${release} is not reproducible: its tag's package.json depends on the workspace package ${name}, which the released package.json does not name, so the tag does not describe what was released. Release a new version.`);
    }
    pins[name] = spec.replace(/^[\^~]/, '');
  }
  return pins;
}
