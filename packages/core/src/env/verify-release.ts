// Checks that a sealed release is whole before an env points at it: release.json is there and
// parses, and every file it lists is in the store with the recorded size and sha256 (from head
// metadata: nothing is downloaded or uploaded).
import { TagdeployError } from '../errors/tagdeploy-error';
import { manifestKey, releasePrefix, type ReleaseManifest } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { mapWithConcurrency } from './map-with-concurrency';
import { readReleaseManifest } from './read-release-manifest';
import { command } from '../commands/spelling';

export interface VerifyReleaseOptions {
  /** Heads in flight at once. */
  concurrency?: number;
}

export async function verifyRelease(
  store: ObjectStore,
  product: string,
  version: string,
  options: VerifyReleaseOptions = {},
): Promise<ReleaseManifest> {
  const manifest = await readReleaseManifest(store, product, version);
  if (!manifest) {
    throw new TagdeployError(
      'UNSEALED_RELEASE',
      `${product} ${version} is not sealed: ${store.url}/${manifestKey(product, version)} is missing. Run "${command('release', product)}" to finish it, or deploy a sealed release.`,
    );
  }
  const prefix = releasePrefix(product, version);
  const problems = await mapWithConcurrency(manifest.files, options.concurrency ?? 16, async (file) => {
    const head = await store.head(prefix + file.path);
    if (!head) return `${file.path} is missing`;
    if (head.size !== file.size) return `${file.path} has ${head.size} bytes, not ${file.size}`;
    if (head.sha256 !== file.sha256) return `${file.path} has sha256 ${head.sha256}, not ${file.sha256}`;
    return undefined;
  });
  const found = problems.filter((problem): problem is string => problem !== undefined);
  if (found.length) {
    const shown = found.slice(0, 5).join('; ');
    const more = found.length > 5 ? ` and ${found.length - 5} more` : '';
    throw new TagdeployError(
      'RELEASE_CORRUPT',
      `${product} ${version} in ${store.url}/${prefix} does not match its release.json: ${shown}${more}. Nothing was switched. Restore the files (publish them again from the tag) or deploy another release.`,
    );
  }
  return manifest;
}
