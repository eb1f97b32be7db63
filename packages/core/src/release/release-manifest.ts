// release.json: the seal of a release, written last. Its presence means every file listed is in
// the store with the given sha256.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReleasePlan } from '../plan/release-plan';

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
  /** Static releases: every file. Container releases: none (the image holds them). */
  files: ManifestFile[];
  /** Container releases: the image pushed for this version. */
  image?: ManifestImage;
}

export const releasePrefix = (product: string, version: string): string => `${product}/releases/${version}/`;
export const manifestKey = (product: string, version: string): string => `${releasePrefix(product, version)}release.json`;

let toolVersion: string | undefined;
/** The version of @tagdeploy/core that made a release (read from its package.json in src and dist alike). */
export function readToolVersion(): string {
  toolVersion ??= (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  return toolVersion;
}

export function buildReleaseManifest(plan: ReleasePlan, files: ManifestFile[], builtAt: Date, image?: ManifestImage | null): ReleaseManifest {
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
    files,
    ...(image ? { image } : {}),
  };
}
