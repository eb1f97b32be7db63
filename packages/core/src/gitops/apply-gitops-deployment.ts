// Carries out a 'ready' container deployment plan: one commit that edits only the env file, with
// the deployment's trailers, pushed without force. Each attempt (the first, and each after a
// rejected push) first checks that the env still runs what the plan was made from; if someone else
// changed it, ENV_CONFLICT names the version now live and who set it, and nothing is committed.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { DeploymentIdentity, DeploymentOutcome } from '../env/apply-deployment';
import { envConflict } from '../env/env-conflict';
import { buildEnvPointer } from '../env/env-state';
import { requireApprover } from '../env/require-approver';
import type { Clock } from '../release/ports';
import { editEnvImage } from './edit-env-image';
import type { GitopsDeploymentPlan } from './gitops-deployment-plan';
import type { GitOpsRepo, GitOpsTree } from './gitops-repo';
import { formatImageRef, readEnvImage } from './read-env-image';
import { envImageKey, readGitopsEnvState, toEnvState } from './read-gitops-env-state';

export interface GitopsDeploymentPorts {
  repo: GitOpsRepo;
  clock: Clock;
}

export interface GitopsDeploymentOutcome extends DeploymentOutcome {
  /** The GitOps commit of the deployment (null when nothing changed). */
  commit: string | null;
  /** Pushes it took (more than 1 when others landed first). */
  attempts: number;
  /** "repository:tag@digest" the env runs now. */
  image: string;
}

export async function applyGitopsDeployment(
  plan: GitopsDeploymentPlan,
  ports: GitopsDeploymentPorts,
  identity: DeploymentIdentity,
): Promise<GitopsDeploymentOutcome> {
  const { repo, clock } = ports;
  const started = clock.now().getTime();
  const image = formatImageRef(plan.image, plan.product);
  requireApprover(plan, identity);
  const reason = identity.reason?.trim() || plan.reason;
  const { commit, attempts } = await repo.commit({
    edit: async (tree) => ({ [plan.path]: await editedFile(plan, tree) }),
    message: commitSubject(plan),
    trailers: [
      ['Action', plan.action],
      ['Product', plan.product],
      ['Environment', plan.env],
      ...(plan.from !== null ? [['From-Version', plan.from] as const] : []),
      ['To-Version', plan.to],
      ['Image', image],
      ['Requested-By', identity.deployedBy],
      ...(identity.approvedBy ? [['Approved-By', identity.approvedBy] as const] : []),
      ...(reason ? [['Reason', reason] as const] : []),
    ],
  });
  const elapsedMs = clock.now().getTime() - started;
  const pointer = buildEnvPointer(plan, { ...identity, reason }, clock.now());

  return { changed: true, pointer, elapsedMs, commit, attempts, image };
}

/** The env file with the new image, after checking that the env still runs what the plan saw. */
async function editedFile(plan: GitopsDeploymentPlan, tree: GitOpsTree): Promise<string> {
  const ref = { layout: plan.layout, path: plan.path, product: plan.product };
  const text = await tree.read(plan.path);
  if (text === null) {
    throw new TagdeployError('ENV_CONFLICT', `${plan.path} was removed from ${plan.product}'s GitOps repo while you were deciding. Nothing was written; restore the file, then run the command again.`);
  }
  if (envImageKey(readEnvImage(text, ref)) !== plan.expectedEtag) {
    throw envConflict(plan, toEnvState(await readGitopsEnvState(tree, { layout: plan.layout, product: plan.product, env: plan.env })).pointer);
  }
  return editEnvImage(text, ref, plan.image);
}

function commitSubject(plan: GitopsDeploymentPlan): string {
  switch (plan.action) {
    case 'deploy':
      return `deploy ${plan.product} ${plan.to} to ${plan.env}`;
    case 'promote':
      return `promote ${plan.product} ${plan.to} from ${plan.sourceEnv} to ${plan.env}`;
    case 'rollback':
      return `roll back ${plan.product} in ${plan.env} from ${plan.from} to ${plan.to}`;
  }
}
