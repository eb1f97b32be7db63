// release.json: the seal of a release, written last. Its presence means every file listed is in
// the store with the given sha256.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReleasePlan } from '../plan/release-plan';
import type { SealedEntry } from './publisher';

export interface ManifestFile {
  /** Path relative to the release folder, forward slashes. */
  path: string;
  size: number;
  sha256: string;
  contentType: string;
  cacheControl?: string;
}

/** The image of a container release, as pushed. */
export interface ManifestImage {
  /** Pullable name without tag, e.g. "registry.example.com/team/payments-api". */
  repository: string;
  /** "<repository>:<version>" */
  reference: string;
  digest: string;
}

/** The package of an npm release, as published (its tarball is also stored in the release folder). */
export interface ManifestPackage {
  /** The package name, e.g. "@shop/sdk". */
  name: string;
  /** The registry it was published to, e.g. "https://registry.npmjs.org/". */
  registry: string;
  /** Path of the tarball in the release folder (one of `files`). */
  tarball: string;
  /** Subresource integrity of the tarball as npm reports it: "sha512-<base64>". */
  integrity: string;
  /** Lower-case hex sha1 of the tarball (npm's legacy "shasum"). */
  shasum: string;
}

export interface ReleaseManifest {
  schemaVersion: 1;
  product: string;
  kind: ReleasePlan['kind'];
  version: string;
  tag: string;
  commit: string;
  builtAt: string;
  tool: { name: '@tagdeploy/core'; version: string };
  changelog: string;
  /** Static releases: every file. npm releases: the tarball. Container releases: none (the image holds them). */
  files: ManifestFile[];
  /** Container releases: the image pushed for this version. */
  image?: ManifestImage;
  /** npm releases: the package published for this version. */
  package?: ManifestPackage;
}

export const releasePrefix = (product: string, version: string): string => `${product}/releases/${version}/`;
export const manifestKey = (product: string, version: string): string => `${releasePrefix(product, version)}release.json`;

let toolVersion: string | undefined;
/** The version of @tagdeploy/core that made a release (read from its package.json in src and dist alike). */
export function readToolVersion(): string {
  toolVersion ??= (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  return toolVersion;
}

export function buildReleaseManifest(plan: ReleasePlan, entry: SealedEntry, builtAt: Date): ReleaseManifest {
  return {
    schemaVersion: 1,
    product: plan.product,
    kind: plan.kind,
    version: plan.version,
    tag: plan.tag,
    commit: plan.commit,
    builtAt: builtAt.toISOString(),
    tool: { name: '@tagdeploy/core', version: readToolVersion() },
    changelog: plan.changelog,
    files: entry.files,
    ...(entry.image ? { image: entry.image } : {}),
    ...(entry.package ? { package: entry.package } : {}),
  };
}
