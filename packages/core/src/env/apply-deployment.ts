// Carries out a deployment plan: switches the env pointer with compare-and-swap, then records
// the deployment in the env's history. A lost race is ENV_CONFLICT naming who changed the env,
// never a lost update. The pointer switch is the commit point: a failure before it changed
// nothing; one after it is ENV_CHANGE_UNFINISHED, saying what is live now. The caller activates
// the router afterwards.
import { isTagdeployError } from '../errors/tagdeploy-error';
import { crashPoint } from '../release/crash-point';
import type { Clock, Reporter } from '../release/ports';
import type { ObjectStore } from '../store/object-store';
import type { DeploymentPlan } from './deployment-plan';
import { EnvChangeUnfinished, failedStep } from './env-change-unfinished';
import { envConflict } from './env-conflict';
import { buildEnvPointer, envHistoryKey, envPointerKey, serializeEnvPointer, type EnvPointer } from './env-state';
import { envRecordMeta, finishHistory } from './finish-env-change';
import { readEnvPointer } from './read-env-state';
import { requireApprover } from './require-approver';

export interface DeploymentPorts {
  store: ObjectStore;
  clock: Clock;
  reporter: Reporter;
}

export interface DeploymentIdentity {
  /** Who ran the command. */
  deployedBy: string;
  /** From resolveApproval(); required when plan.needsApproval. */
  approvedBy: string | null;
  /** Overrides plan.reason when given. */
  reason?: string | null;
}

export interface DeploymentOutcome {
  /** false for an 'already-live' plan: nothing was written. */
  changed: boolean;
  /** The env pointer after the call. */
  pointer: EnvPointer | null;
  /** Wall time of the pointer switch and history write, from the clock. */
  elapsedMs: number;
  /** Seq of a history entry that a crashed earlier run had left missing and this run wrote. */
  repairedSeq?: number;
}

export async function applyDeployment(
  plan: DeploymentPlan,
  ports: DeploymentPorts,
  identity: DeploymentIdentity,
): Promise<DeploymentOutcome> {
  const { store, clock, reporter } = ports;
  const started = clock.now().getTime();
  if (plan.status === 'already-live') {
    const current = await readEnvPointer(store, plan.product, plan.env);
    return { changed: false, pointer: current?.pointer ?? null, elapsedMs: clock.now().getTime() - started };
  }
  requireApprover(plan, identity);

  const current = await readEnvPointer(store, plan.product, plan.env);
  if ((current?.etag ?? null) !== plan.expectedEtag) throw conflict(plan, current?.pointer ?? null);
  const repairedSeq = current ? await finishHistory(store, reporter, current.pointer) : undefined;
  const historyKey = envHistoryKey(plan.product, plan.env, plan.seq);
  // Taken only when another writer recorded a deployment since the plan (with the pointer gone, the etag cannot tell).
  if (await store.head(historyKey)) throw conflict(plan, (await readEnvPointer(store, plan.product, plan.env))?.pointer ?? null);
  warnWhenPointerIsBehind(plan, current?.pointer ?? null, reporter);

  const pointer = buildEnvPointer(plan, identity, clock.now());
  const body = serializeEnvPointer(pointer);
  try {
    await store.replace(envPointerKey(plan.product, plan.env), body, envRecordMeta(body), plan.expectedEtag);
  } catch (error) {
    if (isTagdeployError(error) && error.code === 'PRECONDITION_FAILED') throw conflict(plan, (await readEnvPointer(store, plan.product, plan.env))?.pointer ?? null);
    throw error;
  }
  // The env has changed. The next run of any change of it writes the entry if this one does not.
  crashPoint('env-pointer', plan.seq);
  await store.create(historyKey, body, envRecordMeta(body)).catch((error: unknown) => {
    throw new EnvChangeUnfinished(pointer, [failedStep(`its history entry ${store.url}/${historyKey} was not written`, error)]);
  });
  crashPoint('env-history', plan.seq);

  const elapsedMs = clock.now().getTime() - started;
  return { changed: true, pointer, elapsedMs, ...(repairedSeq !== undefined ? { repairedSeq } : {}) };
}

/** A pointer deleted, or an older one put back by hand: say so, since the change starts from it. */
function warnWhenPointerIsBehind(plan: DeploymentPlan, current: EnvPointer | null, reporter: Reporter): void {
  const recorded = plan.seq - 1;
  if (recorded <= (current?.seq ?? 0)) return;
  const state = current
    ? `its pointer is #${current.seq} (${current.version}) but its history goes up to #${recorded}: an older pointer was put back by hand`
    : `its pointer is missing but its history goes up to #${recorded}: the pointer was deleted or lost`;
  reporter.warn(`${plan.env}: ${state}; this ${plan.action} starts from ${plan.from ?? 'nothing'} and is recorded as #${plan.seq}`);
}

const conflict = (plan: DeploymentPlan, now: EnvPointer | null) => envConflict(plan, now, 'its pointer is gone, so it now runs nothing');
