// Reads what a container deployment needs from the GitOps repo and the store, then decides with
// the env module's pure buildDeploymentPlan(): same rules, messages and "already live". The
// image comes from the release (deploy), from the source env's file (promote: tag and digest as
// it runs there) or from the history (rollback: the bytes the env ran before).
import { TagdeployError } from '../errors/tagdeploy-error';
import { buildDeploymentPlan } from '../env/build-deployment-plan';
import type { DeploymentRequest } from '../env/deployment-plan';
import { readReleaseCatalog } from '../env/read-release-catalog';
import type { ObjectStore } from '../store/object-store';
import type { GitopsDeploymentPlan, GitopsDeploymentScope, PlannedImage } from './gitops-deployment-plan';
import type { GitOpsTree } from './gitops-repo';
import { readGitopsEnvState, toEnvState, type GitopsEnvState } from './read-gitops-env-state';
import { readReleaseImage } from './read-release-image';
import { parseImageRef } from './parse-image-ref';
import { command, settingsFile } from '../commands/spelling';

export async function planGitopsDeployment(
  store: ObjectStore,
  tree: GitOpsTree,
  scope: GitopsDeploymentScope,
  request: DeploymentRequest,
): Promise<GitopsDeploymentPlan> {
  const { product, environments, productEnvs, layout } = scope;
  const usable = (env: string | undefined): env is string =>
    env !== undefined && Object.hasOwn(environments, env) && (productEnvs === undefined || productEnvs.includes(env));
  const sourceEnv = request.action === 'promote' && usable(request.env) ? environments[request.env].promoteFrom : undefined;
  const read = (env: string) => readGitopsEnvState(tree, { layout, product, env });
  const [target, source, releases] = await Promise.all([
    usable(request.env) ? read(request.env) : null,
    usable(sourceEnv) ? read(sourceEnv) : null,
    readReleaseCatalog(store, product),
  ]);
  const plan = buildDeploymentPlan(
    {
      product,
      productEnvs,
      environments,
      releases,
      target: target && toEnvState(target),
      ...(request.action === 'promote' ? { source: source && toEnvState(source) } : {}),
    },
    request,
  );
  const image = await resolveImage(store, plan, target as GitopsEnvState, source);
  // Checked last, so that a run that adds the missing files first fails on nothing else afterwards.
  for (const state of [target, source]) if (state && !state.exists) throw envMissing(state, tree);
  return { ...plan, layout, path: (target as GitopsEnvState).path, image, baseCommit: tree.head };
}

async function resolveImage(
  store: ObjectStore,
  plan: { product: string; env: string; action: string; to: string; status: string },
  target: GitopsEnvState,
  source: GitopsEnvState | null,
): Promise<PlannedImage> {
  if (plan.status === 'already-live' && target.image?.digest) return { repository: target.image.repository, tag: plan.to, digest: target.image.digest };
  if (plan.action === 'promote' && source?.image) {
    if (!source.image.digest) {
      throw new TagdeployError(
        'IMAGE_MISSING',
        `Cannot promote ${plan.product} ${plan.to} to ${plan.env}: ${source.path} names no digest, so the exact bytes ${source.env} runs are unknown. Deploy it to ${source.env} again with "${command('deploy', plan.product, { env: source.env, release: plan.to })}", then promote.`,
      );
    }
    return { repository: source.image.repository, tag: plan.to, digest: source.image.digest };
  }
  if (plan.action === 'rollback') {
    const ran = [...target.history].reverse().find((entry) => entry.version === plan.to && entry.image);
    const ref = ran?.image ? parseImageRef(ran.image) : null;
    if (ref) return { repository: ref.repository, tag: plan.to, digest: ref.digest };
  }
  const release = await readReleaseImage(store, plan.product, plan.to);
  return { repository: release.repository, tag: plan.to, digest: release.digest };
}

function envMissing(state: GitopsEnvState, tree: GitOpsTree): TagdeployError {
  return new TagdeployError(
    'GITOPS_ENV_MISSING',
    `${state.path} is not in the GitOps repo${tree.head ? ` (at ${tree.head.slice(0, 7)})` : ' (it has no commits yet)'}, so ${state.env} of ${state.product} has nowhere to be set. Add that file (a kustomization with "resources: [../../base]", or Helm values) to the repo, or set "gitops.scaffold": true in ${settingsFile} to let tagdeploy add the missing files of ${state.product}. Nothing changed.`,
  );
}
