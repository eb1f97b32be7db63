// A prune that cannot race a deploy: the plan is made, and its releases unsealed, holding the
// product's env-change lock (deploy, promote and rollback hold it while they switch an env, and
// check under it that their release still has its seal). So a release that a concurrent change
// points an env at is either seen live here and kept, or refused there. The rest of each release
// is deleted after the lock is released: unsealed, nothing deploys it any more.
import { withEnvChangeLock } from '../env/env-change-lock';
import { removePrunedReleases, unsealPrunedReleases, type PruneApplyPorts, type PrunedRelease } from './apply-prune-plan';
import type { PrunePlan } from './build-prune-plan';

export interface DecidedPrune {
  plan: PrunePlan;
  /** Every key of each version's folder, from the facts. */
  keys: Map<string, string[]>;
}

export async function pruneWithLock(product: string, decide: () => Promise<DecidedPrune>, ports: Omit<PruneApplyPorts, 'keys'>): Promise<{ plan: PrunePlan; deleted: PrunedRelease[] }> {
  const { plan, keys } = await withEnvChangeLock(ports.store, product, async () => {
    const decided = await decide();
    await unsealPrunedReleases(decided.plan, ports);
    return decided;
  });
  return { plan, deleted: await removePrunedReleases(plan, { ...ports, keys }) };
}
