// The last guard before an env is written: a plan that needs approval is carried out only with an
// approver (resolveApproval() finds one, or refuses with what to do).
import { TagdeployError } from '../errors/tagdeploy-error';
import type { DeploymentPlan } from './deployment-plan';

export function requireApprover(plan: Pick<DeploymentPlan, 'product' | 'env' | 'needsApproval'>, identity: { approvedBy: string | null }): void {
  if (plan.needsApproval && !identity.approvedBy) {
    throw new TagdeployError('APPROVAL_REQUIRED', `${plan.env} of ${plan.product} requires approval and none was given: nothing changed. Resolve the approver first (resolveApproval).`);
  }
}
