// abandoned.json: the record that a claimed release will never be sealed. It lives where the seal
// would have been, is written once (create-only), and keeps the tag: the version stays taken, the
// next release takes the one after it, and its commits are released again by that next release.
// A sealed release is never abandoned: where both exist (a seal that won a race), the seal counts.
import { createHash } from 'node:crypto';
import { isTagdeployError } from '../errors/tagdeploy-error';
import type { ObjectStore } from '../store/object-store';
import { releasePrefix } from './release-manifest';

export interface AbandonedRelease {
  schemaVersion: 1;
  product: string;
  version: string;
  tag: string;
  /** The commit the tag points at. */
  commit: string;
  abandonedAt: string;
  abandonedBy: string;
  reason: string | null;
}

export const abandonedKey = (product: string, version: string): string => `${releasePrefix(product, version)}abandoned.json`;

/** The record of an abandoned release, or undefined when it was not abandoned. */
export async function readAbandonedRelease(store: ObjectStore, product: string, version: string): Promise<AbandonedRelease | undefined> {
  const found = await store.get(abandonedKey(product, version));
  return found ? (JSON.parse(found.body.toString('utf8')) as AbandonedRelease) : undefined;
}

/** Writes the record once; 'exists' when someone abandoned the same release first. */
export async function writeAbandonedRelease(store: ObjectStore, record: AbandonedRelease): Promise<'created' | 'exists'> {
  const body = Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
  const sha256 = createHash('sha256').update(body).digest('hex');
  try {
    return await store.create(abandonedKey(record.product, record.version), body, { contentType: 'application/json', cacheControl: 'no-cache', sha256 });
  } catch (error) {
    if (isTagdeployError(error) && error.code === 'OBJECT_CONFLICT') return 'exists';
    throw error;
  }
}

/** "abandoned by ana on 2026-12-02 (store rejects file names)" */
export function describeAbandoned(record: AbandonedRelease): string {
  return `abandoned by ${record.abandonedBy} on ${record.abandonedAt.slice(0, 10)}${record.reason ? ` (${record.reason})` : ''}`;
}
