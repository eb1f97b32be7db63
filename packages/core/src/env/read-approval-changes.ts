// The releases between what an env runs and what it would run, with their changelogs, for the
// approval prompt. Forward: the releases after `from` up to `to`. Backward (a rollback): the
// releases being backed out, after `to` up to `from`.
import { gt, lte, valid } from 'semver';
import type { ObjectStore } from '../store/object-store';
import type { DeploymentPlan } from './deployment-plan';
import { mapWithConcurrency } from './map-with-concurrency';
import { readReleaseCatalog } from './read-release-catalog';
import { readReleaseManifest } from './read-release-manifest';

export interface ApprovalChanges {
  direction: 'forward' | 'backward';
  /** Newest first. */
  releases: { version: string; changelog: string }[];
  /** Releases in the range that were left out of `releases` (beyond the limit). */
  omitted: number;
}

export async function readApprovalChanges(
  store: ObjectStore,
  plan: Pick<DeploymentPlan, 'product' | 'from' | 'to'>,
  options: { limit?: number } = {},
): Promise<ApprovalChanges> {
  const { product, from, to } = plan;
  const backward = from !== null && valid(from) !== null && valid(to) !== null && gt(from, to);
  const [low, high] = backward ? [to, from] : [from, to];
  const comparable = low !== null && valid(low) !== null && valid(high) !== null;
  const versions = comparable
    ? (await readReleaseCatalog(store, product)).sealed.filter((v) => valid(v) !== null && gt(v, low) && lte(v, high)).reverse()
    : [high];
  const limit = options.limit ?? 10;
  const releases = await mapWithConcurrency(versions.slice(0, limit), 4, async (version) => ({
    version,
    changelog: (await readReleaseManifest(store, product, version))?.changelog ?? '',
  }));
  return { direction: backward ? 'backward' : 'forward', releases, omitted: Math.max(0, versions.length - limit) };
}
