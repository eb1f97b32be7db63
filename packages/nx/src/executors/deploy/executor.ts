// nx deploy <product>: see run-env-action.ts.
import type { ExecutorContext } from '@nx/devkit';
import { runEnvAction, type EnvActionOptions } from '../run-env-action';

export default function deployExecutor(options: EnvActionOptions, context: ExecutorContext) {
  return runEnvAction('deploy', options, context);
}
