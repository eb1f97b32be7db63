// Reads what a container deployment needs from the GitOps repo and the store, then decides with
// the env module's pure buildDeploymentPlan(): same rules, messages and "already live". The image
// always comes from the sealed release.json of the version (deploy, promote and rollback alike),
// never from an env file: a promotion whose source env's file disagrees with that release is
// refused, and an env that names the version but other bytes is not "already live" (the
// deployment writes the sealed image back).
import { TagdeployError } from '../errors/tagdeploy-error';
import { buildDeploymentPlan } from '../env/build-deployment-plan';
import type { DeploymentPlan, DeploymentRequest } from '../env/deployment-plan';
import { readReleaseCatalog } from '../env/read-release-catalog';
import type { ObjectStore } from '../store/object-store';
import { findImageDrift } from './find-image-drift';
import type { GitopsDeploymentPlan, GitopsDeploymentScope, PlannedImage } from './gitops-deployment-plan';
import type { GitOpsTree } from './gitops-repo';
import { readGitopsEnvState, toEnvState, type GitopsEnvState } from './read-gitops-env-state';
import { readReleaseImage, readSealedImage } from './read-release-image';
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
  if (source) await refuseDriftedSource(store, source, request.env);
  const decided = buildDeploymentPlan(
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
  const release = await readReleaseImage(store, product, decided.to);
  const image: PlannedImage = { repository: release.repository, tag: decided.to, digest: release.digest };
  // Checked last, so that a run that adds the missing files first fails on nothing else afterwards.
  for (const state of [target, source]) if (state && !state.exists) throw envMissing(state, tree);
  const plan = decided.status === 'already-live' && !runsImage(target as GitopsEnvState, image) ? repairPlan(decided, scope) : decided;
  return { ...plan, layout, path: (target as GitopsEnvState).path, image, baseCommit: tree.head };
}

/** Promote carries only what tagdeploy released: a source env whose file disagrees with the sealed release is refused. */
async function refuseDriftedSource(store: ObjectStore, source: GitopsEnvState, to: string): Promise<void> {
  const version = source.image?.tag;
  const sealed = version ? await readSealedImage(store, source.product, version) : undefined;
  const drift = findImageDrift(source, sealed)?.release;
  if (!drift) return;
  const redeploy = source.history.at(-1)?.version ?? (sealed && 'image' in sealed ? version : undefined);
  const fix = redeploy
    ? `Deploy the sealed release to ${source.env} again with "${command('deploy', source.product, { env: source.env, release: redeploy })}" (it writes the image release.json names), or fix the file in the GitOps repo`
    : `Deploy a sealed release to ${source.env} with "${command('deploy', source.product, { env: source.env })}", or fix the file in the GitOps repo`;
  throw new TagdeployError(
    'ENV_DRIFT',
    `Cannot promote ${source.product} from ${source.env} to ${to}: ${drift}. Promote carries exactly what tagdeploy released and ${source.env} runs, so it will not guess. ${fix}; then promote again. Nothing changed.`,
  );
}

/** Whether the env file already names exactly this image (repository and digest as release.json has them). */
function runsImage(state: GitopsEnvState, image: PlannedImage): boolean {
  const running = state.image;
  return running !== null && (running.repository ?? running.name) === image.repository && running.digest === image.digest;
}

/** The env names the version but not its sealed image: the deployment writes the image again. */
function repairPlan(plan: DeploymentPlan, scope: GitopsDeploymentScope): DeploymentPlan {
  return { ...plan, status: 'ready', needsApproval: scope.environments[plan.env]?.approval === 'required' };
}

function envMissing(state: GitopsEnvState, tree: GitOpsTree): TagdeployError {
  return new TagdeployError(
    'GITOPS_ENV_MISSING',
    `${state.path} is not in the GitOps repo${tree.head ? ` (at ${tree.head.slice(0, 7)})` : ' (it has no commits yet)'}, so ${state.env} of ${state.product} has nowhere to be set. Add that file (a kustomization with "resources: [../../base]", or Helm values) to the repo, or set "gitops.scaffold": true in ${settingsFile} to let tagdeploy add the missing files of ${state.product}. Nothing changed.`,
  );
}
