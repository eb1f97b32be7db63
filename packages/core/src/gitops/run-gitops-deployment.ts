// deploy / promote / rollback of a container product, the GitOps twin of runDeployment(): same
// request, approval gate and result shape. Plan (reads, pure decision), approve, then one commit
// to the env file. Argo CD does the rest, so there is no router to activate.
import { isTagdeployError } from '../errors/tagdeploy-error';
import type { DeploymentRun } from '../env/run-deployment';
import { renderDeploymentResult } from '../env/run-deployment';
import { readApprovalChanges } from '../env/read-approval-changes';
import { renderApprovalSummary } from '../env/render-approval-summary';
import { resolveApproval } from '../env/resolve-approval';
import { applyGitopsDeployment, type GitopsDeploymentOutcome } from './apply-gitops-deployment';
import type { GitopsLayout } from './gitops-config';
import type { GitopsDeploymentPlan } from './gitops-deployment-plan';
import type { GitOpsRepo } from './gitops-repo';
import { planGitopsDeployment } from './plan-gitops-deployment';
import { writeGitopsSkeleton } from './write-gitops-skeleton';

export interface GitopsDeploymentRun extends Omit<DeploymentRun, 'router'> {
  gitops: {
    repo: GitOpsRepo;
    layout: GitopsLayout;
    /** Add the product's missing files first (the default local repo); the URL Argo CD clones from. */
    scaffold?: { repoURL: string; port?: number };
  };
}

export interface GitopsDeploymentResult {
  plan: GitopsDeploymentPlan;
  outcome: GitopsDeploymentOutcome;
  /** Always null: Argo CD syncs the commit. Kept for the shape of DeploymentResult. */
  activation: null;
}

export async function runGitopsDeployment(run: GitopsDeploymentRun): Promise<GitopsDeploymentResult> {
  const { store, reporter, gitops } = run;
  const plan = await planOnRepo(run);
  if (plan.status === 'already-live') {
    return { plan, outcome: await applyGitopsDeployment(plan, { repo: gitops.repo, clock: run.clock, reporter }, { deployedBy: run.deployedBy, approvedBy: null }), activation: null };
  }
  const confirmation =
    plan.needsApproval && run.confirm && !run.approval.approve
      ? await run.confirm(renderApprovalSummary(plan, await readApprovalChanges(store, plan)))
      : undefined;
  const { approver } = resolveApproval(plan, run.approval, confirmation);
  const outcome = await applyGitopsDeployment(plan, { repo: gitops.repo, clock: run.clock, reporter }, { deployedBy: run.deployedBy, approvedBy: approver });
  return { plan, outcome, activation: null };
}

/** The plan; with scaffold, a missing env file is added (with the rest of the product) and the plan made again. */
async function planOnRepo({ store, scope, request, gitops }: GitopsDeploymentRun): Promise<GitopsDeploymentPlan> {
  const tree = await gitops.repo.fetch();
  const fullScope = { ...scope, layout: gitops.layout };
  try {
    return await planGitopsDeployment(store, tree, fullScope, request);
  } catch (error) {
    if (!gitops.scaffold || !isTagdeployError(error) || error.code !== 'GITOPS_ENV_MISSING') throw error;
    const envs = scope.productEnvs ?? Object.keys(scope.environments);
    const next = await writeGitopsSkeleton(gitops.repo, tree, { layout: gitops.layout, product: scope.product, envs, ...gitops.scaffold });
    return planGitopsDeployment(store, next, fullScope, request);
  }
}

/** The static products' line, then the image and the GitOps commit. */
export function renderGitopsDeploymentResult(result: GitopsDeploymentResult): string {
  const line = renderDeploymentResult(result);
  const { outcome } = result;
  return outcome.changed ? `${line}\n  image ${outcome.image}, commit ${outcome.commit?.slice(0, 7)}` : line;
}
