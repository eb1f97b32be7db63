// deploy / promote / rollback: one command, the engine chosen by kind. Static products switch a
// pointer in the store (and activate the env's router); container products commit to the GitOps
// repo that Argo CD syncs.
import type { DeploymentAction } from '../env/env-state';
import { resolveActor } from '../env/resolve-actor';
import { renderDeploymentResult, runDeployment, type DeploymentResult, type DeploymentRun } from '../env/run-deployment';
import { openGitopsRepo, scaffoldsMissingFiles } from '../gitops/open-gitops-repo';
import { renderGitopsDeploymentResult, runGitopsDeployment, type GitopsDeploymentResult } from '../gitops/run-gitops-deployment';
import { resolveRouter } from '../router/resolve-router';
import type { CommandResult, Host } from './host';
import { loadProductContext, type ProductContext } from './load-product-context';

export interface EnvChangeRequest {
  action: DeploymentAction;
  product: string;
  /** The env to change (for promote: the env promoted to). */
  env: string;
  /** deploy: the release (default newest sealed); rollback: the target (default the previous one); promote: a guard. */
  release?: string;
  reason?: string;
  approve?: boolean;
  approvedBy?: string;
}

export type EnvChangeResult = CommandResult<DeploymentResult | GitopsDeploymentResult>;

export async function changeEnvironment(request: EnvChangeRequest, host: Host): Promise<EnvChangeResult> {
  const context = loadProductContext(host, request.product);
  const actor = await resolveActor(host.workspace.root, host.environment);
  const run: Omit<DeploymentRun, 'router'> = {
    store: context.store,
    scope: { product: context.product, productEnvs: context.config.environments, environments: context.settings.environments },
    request: { action: request.action, env: request.env, release: request.release, reason: request.reason },
    deployedBy: actor,
    approval: { approve: request.approve, approvedBy: request.approvedBy, envApprover: host.environment.TAGDEPLOY_APPROVER },
    confirm: host.confirm(actor),
    reporter: context.reporter,
    clock: host.clock,
  };
  return context.config.kind === 'container' ? deployThroughGitops(run, context, host.workspace.root) : deployThroughStore(run, context, request.env);
}

async function deployThroughStore(run: Omit<DeploymentRun, 'router'>, context: ProductContext, env: string): Promise<EnvChangeResult> {
  const router = resolveRouter(context.settings.environments[env]?.router ?? { type: 'local' }, context.store);
  const result = await runDeployment({ ...run, router });
  return { result, text: renderDeploymentResult(result) };
}

async function deployThroughGitops(run: Omit<DeploymentRun, 'router'>, context: ProductContext, root: string): Promise<EnvChangeResult> {
  const config = context.settings.gitops;
  const repo = await openGitopsRepo(config, root);
  try {
    const scaffold = scaffoldsMissingFiles(config, root) ? { repoURL: config.argocdRepoURL ?? config.repo } : undefined;
    const result = await runGitopsDeployment({ ...run, gitops: { repo, layout: config.layout, scaffold } });
    return { result, text: renderGitopsDeploymentResult(result) };
  } finally {
    await repo.close();
  }
}
