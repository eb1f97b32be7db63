// Under the env-change lock, right before an env is switched: the release is still sealed and no
// prune has started on it. Planning saw it sealed, but a release-prune may have taken the lock in
// between (it removes the seal under the lock), and an env must never point at a deleted release.
import { command } from '../commands/spelling';
import { TagdeployError } from '../errors/tagdeploy-error';
import { pruneMarkerKey } from '../prune/prune-marker';
import { manifestKey } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import type { DeploymentPlan } from './deployment-plan';

export async function checkNotPruned(store: ObjectStore, plan: DeploymentPlan): Promise<void> {
  const [marker, seal] = await Promise.all([store.head(pruneMarkerKey(plan.product, plan.to)), store.head(manifestKey(plan.product, plan.to))]);
  if (seal && !marker) return;
  const what = seal
    ? `a release-prune started deleting it (${store.url}/${pruneMarkerKey(plan.product, plan.to)} is there; the next "${command('prune', plan.product)}" finishes it)`
    : `release-prune deleted it while this ${plan.action} of ${plan.env} was prepared (${store.url}/${manifestKey(plan.product, plan.to)} is gone)`;
  throw new TagdeployError(
    'RELEASE_PRUNED',
    `${plan.product} ${plan.to} cannot go to ${plan.env}: ${what}. Nothing changed. Deploy another release: "${command('deploy', plan.product, { env: plan.env, release: '<version>' })}".`,
  );
}
