// The EnvBackend of static products: env pointers and their history in the store, beside the
// releases. A change is a compare-and-swap of the pointer (applyDeployment), then the env's router
// makes it live. A rollback skips the full verification so that its cost never grows with the size
// of the release.
import type { CommandResult } from '../commands/host';
import type { Clock, Reporter } from '../release/ports';
import { releasePrefix } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { applyDeployment, type DeploymentIdentity, type DeploymentOutcome } from './apply-deployment';
import type { DeploymentPlan, DeploymentRequest } from './deployment-plan';
import { unchangedOutcome, type EnvApplied, type EnvBackend, type EnvStatusRequest } from './env-backend';
import { planDeployment } from './plan-deployment';
import type { DeploymentScope } from './read-deployment-facts';
import { readReleaseStatus, type ReleaseStatus } from './read-release-status';
import { renderReleaseStatus } from './render-release-status';
import type { Router } from './router-port';
import type { EnvChange } from './run-env-change';
import { verifyRelease } from './verify-release';

/** The --json result of a static deploy, promote or rollback. */
export type DeploymentResult = EnvChange<DeploymentPlan, DeploymentOutcome>;

export interface StoreEnvBackendPorts {
  store: ObjectStore;
  /** The router of an env (built when first needed). */
  router: (env: string) => Router;
  reporter: Reporter;
  clock: Clock;
}

export class StoreEnvBackend implements EnvBackend<DeploymentPlan, DeploymentOutcome, ReleaseStatus> {
  constructor(private readonly ports: StoreEnvBackendPorts) {}

  get releases(): ObjectStore {
    return this.ports.store;
  }

  plan(scope: DeploymentScope, request: DeploymentRequest): Promise<DeploymentPlan> {
    return planDeployment(this.ports.store, scope, request);
  }

  async check(plan: DeploymentPlan): Promise<void> {
    if (plan.action !== 'rollback') await verifyRelease(this.ports.store, plan.product, plan.to);
  }

  async apply(plan: DeploymentPlan, identity: DeploymentIdentity): Promise<EnvApplied<DeploymentOutcome>> {
    const { store, clock, reporter } = this.ports;
    const outcome = await applyDeployment(plan, { store, clock, reporter }, identity);
    const target = { product: plan.product, env: plan.env, version: plan.to, releasePrefix: releasePrefix(plan.product, plan.to) };
    const activation = await this.ports.router(plan.env).activate(target);
    if (activation.status === 'switched-purge-pending') reporter.warn(`switched; cache purge pending${activation.detail ? `: ${activation.detail}` : ''}`);
    return { outcome, activation };
  }

  unchanged(): DeploymentOutcome {
    return { ...unchangedOutcome };
  }

  async readStatus(request: EnvStatusRequest): Promise<CommandResult<ReleaseStatus>> {
    const routers = Object.fromEntries(request.envs.map((env) => [env, this.ports.router(env)]));
    const status = await readReleaseStatus(this.ports.store, { ...request, routers });
    return { result: status, text: renderReleaseStatus(status) };
  }

  async close(): Promise<void> {}
}
