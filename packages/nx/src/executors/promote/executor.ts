// nx promote <product>: see run-env-action.ts.
import type { ExecutorContext } from '@nx/devkit';
import { runEnvAction, type EnvActionOptions } from '../run-env-action';

export default function promoteExecutor(options: EnvActionOptions, context: ExecutorContext) {
  return runEnvAction('promote', options, context);
}
