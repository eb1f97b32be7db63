// Carries out a deployment plan: switches the env pointer with compare-and-swap, then records
// the deployment in the env's history. A lost race is ENV_CONFLICT naming who changed the env,
// never a lost update. The caller activates the router afterwards.
import { createHash } from 'node:crypto';
import { isTagdeployError } from '../errors/tagdeploy-error';
import { crashPoint } from '../release/crash-point';
import type { Clock, Reporter } from '../release/ports';
import type { ObjectMeta, ObjectStore } from '../store/object-store';
import type { DeploymentPlan } from './deployment-plan';
import { envConflict } from './env-conflict';
import { buildEnvPointer, envHistoryKey, envPointerKey, serializeEnvPointer, type EnvPointer } from './env-state';
import { parseEnvPointer } from './parse-env-pointer';
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
  const key = envPointerKey(plan.product, plan.env);
  if (plan.status === 'already-live') {
    const current = await readPointer(store, key);
    return { changed: false, pointer: current?.pointer ?? null, elapsedMs: clock.now().getTime() - started };
  }
  requireApprover(plan, identity);

  const current = await readPointer(store, key);
  if ((current?.etag ?? null) !== plan.expectedEtag) throw conflict(plan, current?.pointer ?? null);
  const repairedSeq = current ? await repairHistory(store, reporter, current.pointer, current.body) : undefined;

  const pointer = buildEnvPointer(plan, identity, clock.now());

  const body = serializeEnvPointer(pointer);
  try {
    await store.replace(key, body, metaOf(body), plan.expectedEtag);
  } catch (error) {
    if (isTagdeployError(error) && error.code === 'PRECONDITION_FAILED') throw conflict(plan, (await readPointer(store, key))?.pointer ?? null);
    throw error;
  }
  crashPoint('env-pointer', plan.seq);
  await store.create(envHistoryKey(plan.product, plan.env, plan.seq), body, metaOf(body));

  const elapsedMs = clock.now().getTime() - started;
  reporter.info(`${plan.env}: ${plan.from ?? '(nothing)'} → ${plan.to} (${plan.action}, #${plan.seq}) in ${elapsedMs} ms`);
  return { changed: true, pointer, elapsedMs, ...(repairedSeq !== undefined ? { repairedSeq } : {}) };
}

/** A run that crashed between pointer and history left the pointer's own entry missing: write it. */
async function repairHistory(store: ObjectStore, reporter: Reporter, pointer: EnvPointer, body: Buffer): Promise<number | undefined> {
  const historyKey = envHistoryKey(pointer.product, pointer.env, pointer.seq);
  if (await store.head(historyKey)) return undefined;
  await store.create(historyKey, body, metaOf(body));
  reporter.warn(`${pointer.env}: wrote the missing history entry #${pointer.seq} (${pointer.version}) that an interrupted run left out`);
  return pointer.seq;
}

async function readPointer(store: ObjectStore, key: string): Promise<{ pointer: EnvPointer; etag: string; body: Buffer } | undefined> {
  const object = await store.get(key);
  if (!object) return undefined;
  return { pointer: parseEnvPointer(object.body, `${store.url}/${key}`), etag: object.head.etag, body: object.body };
}

const conflict = (plan: DeploymentPlan, now: EnvPointer | null) => envConflict(plan, now, 'its pointer is gone, so it now runs nothing');

function metaOf(body: Buffer): ObjectMeta {
  return { contentType: 'application/json', cacheControl: 'no-store', sha256: createHash('sha256').update(body).digest('hex') };
}
