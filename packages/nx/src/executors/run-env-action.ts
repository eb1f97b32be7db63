// deploy, promote and rollback: options in, one command call, result out.
import type { ExecutorContext } from '@nx/devkit';
import { changeEnvironment, type DeploymentAction } from '@tagdeploy/core';
import { runAtBoundary } from './run-at-boundary';

export interface EnvActionOptions {
  env?: string;
  to?: string;
  release?: string;
  reason?: string;
  approve?: boolean;
  approvedBy?: string;
  json?: boolean;
  outputFile?: string;
}

export function runEnvAction(action: DeploymentAction, options: EnvActionOptions, context: ExecutorContext) {
  return runAtBoundary(context, options, (host, product) =>
    changeEnvironment(
      { action, product, env: (action === 'promote' ? options.to : options.env) ?? '', release: options.release, reason: options.reason, approve: options.approve, approvedBy: options.approvedBy },
      host,
    ),
  );
}
