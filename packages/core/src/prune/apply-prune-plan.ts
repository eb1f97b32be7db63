// Deletes the releases a PrunePlan names, in an order that is safe to kill at any point: for each,
// the prune marker first, then the seal (release.json: from here on the release is never
// "sealed" again, so nothing deploys it); then each one's provenance and files, the marker last. A
// rerun sees the marker and finishes. Tags are never touched. The first step (unsealPrunedReleases)
// runs under the env-change lock, with the plan made under it: see pruneReleases.
import { createHash } from 'node:crypto';
import { crashPoint } from '../release/crash-point';
import { manifestKey } from '../release/release-manifest';
import type { Reporter } from '../release/ports';
import type { ObjectStore } from '../store/object-store';
import type { PrunePlan } from './build-prune-plan';
import { pruneMarkerKey } from './prune-marker';

export interface PrunedRelease {
  version: string;
  /** Objects removed from the store (the marker included). */
  objects: number;
}

export interface PruneApplyPorts {
  store: ObjectStore;
  reporter: Reporter;
  /** Every key of each version's folder, from the facts (one listing). */
  keys: Map<string, string[]>;
  prunedBy: string;
  now: Date;
}

export async function applyPrunePlan(plan: PrunePlan, ports: PruneApplyPorts): Promise<PrunedRelease[]> {
  await unsealPrunedReleases(plan, ports);
  return removePrunedReleases(plan, ports);
}

/** Marks each release to delete and removes its seal: after this, nothing deploys them. */
export async function unsealPrunedReleases(plan: PrunePlan, { store, prunedBy, now }: Pick<PruneApplyPorts, 'store' | 'prunedBy' | 'now'>): Promise<void> {
  const { product } = plan;
  for (const { version } of plan.delete) {
    const marker = pruneMarkerKey(product, version);
    if (!(await store.head(marker))) {
      const body = Buffer.from(`${JSON.stringify({ product, version, prunedBy, startedAt: now.toISOString() }, null, 2)}\n`);
      await store.create(marker, body, { contentType: 'application/json', cacheControl: 'no-cache', sha256: createHash('sha256').update(body).digest('hex') });
    }
    crashPoint('prune-marked', 1);
    await store.delete(manifestKey(product, version));
    crashPoint('prune-unsealed', 1);
  }
}

/** Deletes the rest of each unsealed release, its marker last. */
export async function removePrunedReleases(plan: PrunePlan, ports: PruneApplyPorts): Promise<PrunedRelease[]> {
  const pruned: PrunedRelease[] = [];
  for (const { version } of plan.delete) pruned.push(await removeRelease(plan.product, version, ports));
  return pruned;
}

async function removeRelease(product: string, version: string, { store, reporter, keys }: PruneApplyPorts): Promise<PrunedRelease> {
  const marker = pruneMarkerKey(product, version);
  const seal = manifestKey(product, version);
  const rest = (keys.get(version) ?? []).filter((key) => key !== seal && key !== marker);
  let count = 0;
  for (const key of rest) {
    await store.delete(key);
    count += 1;
    crashPoint('prune-file', count);
  }
  await store.delete(marker);
  reporter.info(`deleted ${product} ${version} (${rest.length + 2} objects) from ${store.url}`);
  return { version, objects: rest.length + 2 };
}
