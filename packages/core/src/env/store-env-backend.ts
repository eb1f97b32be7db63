// The EnvBackend of static products: env pointers and their history in the store, beside the
// releases. A change is a compare-and-swap of the pointer (applyDeployment), then the env's router
// makes it live. Once the pointer is switched, the change is reported as done or as unfinished
// (ENV_CHANGE_UNFINISHED), never as "nothing changed", and the next run finishes it. A rollback
// skips the full verification so that its cost never grows with the size of the release.
import type { CommandResult } from '../commands/host';
import type { Clock, Reporter } from '../release/ports';
import { releasePrefix } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { applyDeployment, type DeploymentIdentity, type DeploymentOutcome } from './apply-deployment';
import type { DeploymentPlan, DeploymentRequest } from './deployment-plan';
import { EnvChangeUnfinished, failedStep } from './env-change-unfinished';
import { unchangedOutcome, type EnvApplied, type EnvBackend, type EnvStatusRequest } from './env-backend';
import { finishHistory, finishRouting } from './finish-env-change';
import { planDeployment } from './plan-deployment';
import type { DeploymentScope } from './read-deployment-facts';
import { readEnvPointer } from './read-env-state';
import { readReleaseStatus, type ReleaseStatus } from './read-release-status';
import { renderReleaseStatus } from './render-release-status';
import type { Router, RouterActivation } from './router-port';
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

  /** An env that already runs the release may still lack the end of the change that put it there: finish it. */
  async plan(scope: DeploymentScope, request: DeploymentRequest): Promise<DeploymentPlan> {
    const plan = await planDeployment(this.ports.store, scope, request);
    if (plan.status === 'already-live') await this.finish(plan);
    return plan;
  }

  async check(plan: DeploymentPlan): Promise<void> {
    // Deploy and promote read and hash every byte of the release; a rollback returns to a release
    // the env ran before and checks only that it is sealed (planning did), at a constant cost.
    if (plan.action !== 'rollback') await verifyRelease(this.ports.store, plan.product, plan.to, { reporter: this.ports.reporter });
  }

  async apply(plan: DeploymentPlan, identity: DeploymentIdentity): Promise<EnvApplied<DeploymentOutcome>> {
    const { store, clock, reporter } = this.ports;
    const router = this.ports.router(plan.env);
    let outcome: DeploymentOutcome;
    try {
      outcome = await applyDeployment(plan, { store, clock, reporter }, identity);
    } catch (error) {
      // The pointer switched but its history entry failed: the env changed, so it still goes live.
      if (!(error instanceof EnvChangeUnfinished)) throw error;
      const { problem } = await activateRouter(router, plan);
      throw problem ? error.and(problem) : error;
    }
    const { activation, problem } = await activateRouter(router, plan);
    if (!activation) throw new EnvChangeUnfinished(outcome.pointer!, [problem]);
    if (activation.status === 'switched-purge-pending') reporter.warn(`switched; cache purge pending${activation.detail ? `: ${activation.detail}` : ''}`);
    return { outcome, activation };
  }

  private async finish(plan: DeploymentPlan): Promise<void> {
    const { store, reporter } = this.ports;
    const live = await readEnvPointer(store, plan.product, plan.env);
    if (live?.pointer.version !== plan.to) return;
    await finishHistory(store, reporter, live.pointer).catch((error: unknown) => {
      throw new EnvChangeUnfinished(live.pointer, [failedStep(`its missing history entry #${live.pointer.seq} could not be written`, error)]);
    });
    await finishRouting(this.ports.router(plan.env), reporter, live.pointer);
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

/** Makes the plan's release live; a failure is a step of an unfinished change (the pointer already switched). */
async function activateRouter(router: Router, plan: DeploymentPlan): Promise<{ activation: RouterActivation; problem?: undefined } | { activation?: undefined; problem: string }> {
  const target = { product: plan.product, env: plan.env, version: plan.to, releasePrefix: releasePrefix(plan.product, plan.to) };
  try {
    return { activation: await router.activate(target) };
  } catch (error) {
    return { problem: failedStep(`the ${router.type} router has not switched to it`, error) };
  }
}
