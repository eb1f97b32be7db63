// Deletes the releases a PrunePlan names, each in an order that is safe to kill at any point:
// the prune marker first, then the seal (release.json: from here on the release is never
// "sealed" again, so nothing deploys it), then its provenance and files, the marker last. A rerun
// sees the marker and finishes. Tags are never touched.
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
  const pruned: PrunedRelease[] = [];
  for (const { version } of plan.delete) pruned.push(await pruneRelease(plan.product, version, ports));
  return pruned;
}

async function pruneRelease(product: string, version: string, { store, reporter, keys, prunedBy, now }: PruneApplyPorts): Promise<PrunedRelease> {
  const marker = pruneMarkerKey(product, version);
  if (!(await store.head(marker))) {
    const body = Buffer.from(`${JSON.stringify({ product, version, prunedBy, startedAt: now.toISOString() }, null, 2)}\n`);
    await store.create(marker, body, { contentType: 'application/json', cacheControl: 'no-cache', sha256: createHash('sha256').update(body).digest('hex') });
  }
  crashPoint('prune-marked', 1);
  const seal = manifestKey(product, version);
  await store.delete(seal);
  crashPoint('prune-unsealed', 1);
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
