// nx rollback <product>: see run-env-action.ts.
import type { ExecutorContext } from '@nx/devkit';
import { runEnvAction, type EnvActionOptions } from '../run-env-action';

export default function rollbackExecutor(options: EnvActionOptions, context: ExecutorContext) {
  return runEnvAction('rollback', options, context);
}
