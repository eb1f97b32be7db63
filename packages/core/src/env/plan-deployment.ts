// The top of a deployment decision: read the facts, then decide. Nothing is written.
import type { ObjectStore } from '../store/object-store';
import { buildDeploymentPlan } from './build-deployment-plan';
import type { DeploymentPlan, DeploymentRequest } from './deployment-plan';
import { readDeploymentFacts, type DeploymentScope } from './read-deployment-facts';

export async function planDeployment(store: ObjectStore, scope: DeploymentScope, request: DeploymentRequest): Promise<DeploymentPlan> {
  const facts = await readDeploymentFacts(store, scope, request);
  return buildDeploymentPlan(facts, request);
}
