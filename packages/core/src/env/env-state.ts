// Env state of static products, kept in the store beside the releases:
//   <product>/envs/<env>.json                    the pointer (replaced with compare-and-swap)
//   <product>/envs/<env>/history/<seq>.json      one entry per deployment, created once, never rewritten
// A history entry has the same bytes as the pointer that deployment wrote.
import type { DeploymentPlan } from './deployment-plan';

export type DeploymentAction = 'deploy' | 'promote' | 'rollback';

export interface EnvPointer {
  product: string;
  env: string;
  version: string;
  /** What the env ran before this deployment (null for the first one). */
  previousVersion: string | null;
  /** 1 for the first deployment of the env, then +1 each. */
  seq: number;
  action: DeploymentAction;
  /** ISO time. */
  deployedAt: string;
  deployedBy: string;
  approvedBy: string | null;
  reason: string | null;
}

/** One deployment of an env, as recorded in its history. */
export type HistoryEntry = EnvPointer;

export interface EnvState {
  product: string;
  env: string;
  /** null when nothing was ever deployed to the env. */
  pointer: EnvPointer | null;
  /** Etag of the pointer object, for compare-and-swap (null when absent). */
  etag: string | null;
  /** Oldest first. Empty when history was not read; only the newest entries when a limit was asked. */
  history: HistoryEntry[];
  /**
   * The highest seq in the env's history folder (0: none), from its listing, read even when the
   * entries are not. The next deployment takes the next number: a pointer deleted or put back by
   * hand must not make it collide with an entry that exists.
   */
  lastHistorySeq?: number;
}

export const envPointerKey = (product: string, env: string): string => `${product}/envs/${env}.json`;
export const envHistoryPrefix = (product: string, env: string): string => `${product}/envs/${env}/history/`;
export const envHistoryKey = (product: string, env: string, seq: number): string =>
  `${envHistoryPrefix(product, env)}${String(seq).padStart(6, '0')}.json`;

/** The seq a history key names (`.../history/000012.json` → 12), undefined for another file. */
export function historySeqOfKey(key: string): number | undefined {
  const match = /\/history\/(\d+)\.json$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** The bytes of a pointer and of its history entry (identical, so that a repair is idempotent). */
export const serializeEnvPointer = (pointer: EnvPointer): Buffer => Buffer.from(`${JSON.stringify(pointer, null, 2)}\n`);

/** The pointer a deployment writes (the same record for a store pointer and a GitOps commit). */
export function buildEnvPointer(
  plan: Pick<DeploymentPlan, 'product' | 'env' | 'to' | 'from' | 'seq' | 'action' | 'reason'>,
  identity: { deployedBy: string; approvedBy: string | null; reason?: string | null },
  at: Date,
): EnvPointer {
  return {
    product: plan.product,
    env: plan.env,
    version: plan.to,
    previousVersion: plan.from,
    seq: plan.seq,
    action: plan.action,
    deployedAt: at.toISOString(),
    deployedBy: identity.deployedBy,
    approvedBy: identity.approvedBy,
    reason: identity.reason?.trim() || plan.reason,
  };
}
