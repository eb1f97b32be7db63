// deploy, promote and rollback: the same thin path into core, by kind. Static products switch a
// pointer in the store (and activate the router); container products commit to the GitOps repo.
import type { ExecutorContext } from '@nx/devkit';
import {
  openGitopsRepo,
  renderDeploymentResult,
  renderGitopsDeploymentResult,
  resolveActor,
  resolveRouter,
  runDeployment,
  runGitopsDeployment,
  scaffoldsMissingFiles,
  systemClock,
  type DeploymentAction,
  type DeploymentRun,
} from '@tagdeploy/core';
import { loadProductContext, type ProductContext } from '../adapters/load-product-context';
import { stderrReporter } from '../adapters/stderr-reporter';
import { terminalConfirm } from '../adapters/terminal-confirm';
import { runAtBoundary } from './run-at-boundary';

export interface EnvActionOptions {
  env?: string;
  to?: string;
  release?: string;
  reason?: string;
  approve?: boolean;
  approvedBy?: string;
  json?: boolean;
}

export function runEnvAction(action: DeploymentAction, options: EnvActionOptions, context: ExecutorContext) {
  return runAtBoundary(async () => {
    const reporter = stderrReporter(context.projectName as string);
    const product = loadProductContext(context, reporter);
    const env = (action === 'promote' ? options.to : options.env) ?? '';
    const actor = await resolveActor(context.root);
    const run: Omit<DeploymentRun, 'router'> = {
      store: product.store,
      scope: { product: product.product, productEnvs: product.products[product.product]?.environments, environments: product.settings.environments },
      request: { action, env, release: options.release, reason: options.reason },
      deployedBy: actor,
      approval: { approve: options.approve, approvedBy: options.approvedBy, envApprover: process.env.TAGDEPLOY_APPROVER },
      confirm: terminalConfirm(actor),
      reporter,
      clock: systemClock,
    };
    const isContainer = product.products[product.product]?.kind === 'container';
    const { result, text } = isContainer ? await deployThroughGitops(run, product, context.root) : await deployThroughStore(run, product, env);
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${text}\n`);
  });
}

async function deployThroughStore(run: Omit<DeploymentRun, 'router'>, product: ProductContext, env: string) {
  const router = resolveRouter(product.settings.environments[env]?.router ?? { type: 'local' }, product.store);
  const result = await runDeployment({ ...run, router });
  return { result, text: renderDeploymentResult(result) };
}

async function deployThroughGitops(run: Omit<DeploymentRun, 'router'>, product: ProductContext, root: string) {
  const config = product.settings.gitops;
  const repo = await openGitopsRepo(config, root);
  try {
    const scaffold = scaffoldsMissingFiles(config, root) ? { repoURL: config.argocdRepoURL ?? config.repo } : undefined;
    const result = await runGitopsDeployment({ ...run, gitops: { repo, layout: config.layout, scaffold } });
    return { result, text: renderGitopsDeploymentResult(result) };
  } finally {
    await repo.close();
  }
}
