// ENV_CONFLICT: the env changed between the plan and the write. Names the version now live and who
// set it, so that the operator can decide again; nothing was written.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { DeploymentPlan } from './deployment-plan';
import type { EnvPointer } from './env-state';

/** `now`: what the env runs now (null: nothing, described by `nothing`). */
export function envConflict(plan: Pick<DeploymentPlan, 'product' | 'env'>, now: EnvPointer | null, nothing = 'it now runs nothing'): TagdeployError {
  const state = now ? `it now runs ${now.version}, set by ${now.deployedBy} at ${now.deployedAt} (${now.action})` : nothing;
  return new TagdeployError(
    'ENV_CONFLICT',
    `${plan.env} of ${plan.product} changed while you were deciding: ${state}. Nothing was written. Run the command again to act on the new state.`,
  );
}
