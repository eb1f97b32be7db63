// Checks that a sealed release is whole before deploy or promote points an env at it: release.json
// is there and parses, and every file it lists is in the store with exactly the recorded bytes. The
// bytes are read and hashed (streamed, a bounded number at once), never taken from the store's
// metadata (a folder store's sidecar, S3's x-amz-meta-sha256): an edit that keeps size and mtime is
// caught. What it trusts is release.json itself, the seal: it is the record of what was released.
// Rollback does not call it (its cost must not grow with the size of the release).
import { TagdeployError } from '../errors/tagdeploy-error';
import { manifestKey, releasePrefix, type ReleaseManifest } from '../release/release-manifest';
import type { Reporter } from '../release/ports';
import type { ObjectStore } from '../store/object-store';
import { mapWithConcurrency } from './map-with-concurrency';
import { readReleaseManifest } from './read-release-manifest';
import { command } from '../commands/spelling';

export interface VerifyReleaseOptions {
  /** Files read and hashed at once (default 8). */
  concurrency?: number;
  /** Shows the progress of the reading (a large release takes a while). */
  reporter?: Reporter;
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
  const meter = options.reporter?.progress(`verifying ${product} ${version} in ${store.url}`, {
    files: manifest.files.length,
    bytes: manifest.files.reduce((sum, file) => sum + file.size, 0),
  });
  const problems = await mapWithConcurrency(manifest.files, options.concurrency ?? 8, async (file) => {
    const stored = await store.digest(prefix + file.path);
    meter?.advance(file.size);
    if (!stored) return `${file.path} is missing`;
    if (stored.size !== file.size) return `${file.path} has ${stored.size} bytes, not ${file.size}`;
    if (stored.sha256 !== file.sha256) return `${file.path} holds other bytes than were released (sha256 ${stored.sha256}, not ${file.sha256})`;
    return undefined;
  });
  meter?.done();
  const found = problems.filter((problem): problem is string => problem !== undefined);
  if (found.length) {
    const shown = found.slice(0, 5).join('; ');
    const more = found.length > 5 ? ` and ${found.length - 5} more` : '';
    throw new TagdeployError(
      'RELEASE_CORRUPT',
      `${product} ${version} in ${store.url}/${prefix} does not match its release.json: ${shown}${more}. Nothing was switched. ` +
        `Put the released bytes back (from a backup of the store, or from a build of ${manifest.tag} that reproduces them: each file's sha256 is in release.json), or deploy another release.`,
    );
  }
  return manifest;
}
