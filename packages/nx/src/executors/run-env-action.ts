// deploy, promote and rollback: the same thin path into core's runDeployment.
import type { ExecutorContext } from '@nx/devkit';
import { renderDeploymentResult, resolveActor, resolveRouter, runDeployment, systemClock, type DeploymentAction } from '@tagdeploy/core';
import { loadProductContext } from '../adapters/load-product-context';
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
    const result = await runDeployment({
      store: product.store,
      router: resolveRouter(product.settings.environments[env]?.router ?? { type: 'local' }, product.store),
      scope: { product: product.product, productEnvs: product.products[product.product]?.environments, environments: product.settings.environments },
      request: { action, env, release: options.release, reason: options.reason },
      deployedBy: actor,
      approval: { approve: options.approve, approvedBy: options.approvedBy, envApprover: process.env.TAGDEPLOY_APPROVER },
      confirm: terminalConfirm(actor),
      reporter,
      clock: systemClock,
    });
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderDeploymentResult(result)}\n`);
  });
}
