// Pure: which releases of a product release-prune deletes, and why each other one stays. A
// release stays when an env runs it (and says so when another env is promoted from that one),
// when it is in an env's rollback window, when it is among the newest `keep`, when it is younger
// than `olderThan`, or when it is unsealed (a release in progress may resume). A release whose
// prune was interrupted is finished.
import type { RetentionSettings } from './retention-settings';

export interface PrunableRelease {
  version: string;
  /** release.json is there. */
  sealed: boolean;
  /** An earlier prune started on it (its marker is there). */
  pruning: boolean;
  /** From release.json; null when unsealed. */
  builtAt: string | null;
}

export interface EnvRetentionFacts {
  env: string;
  live: string | null;
  /** The version of each deployment, newest first. */
  history: string[];
  /** The envs promoted from this one. */
  promotedTo: string[];
}

export interface PruneFacts {
  product: string;
  /** Ascending by version. */
  releases: PrunableRelease[];
  envs: EnvRetentionFacts[];
  now: string;
}

export interface PrunePolicy extends Omit<RetentionSettings, 'olderThan'> {
  /** Only releases built longer ago than this many ms may go; null: age protects none. */
  olderThanMs: number | null;
}

export interface PruneDecision {
  version: string;
  reasons: string[];
}

export interface PrunePlan {
  product: string;
  keep: PruneDecision[];
  delete: PruneDecision[];
}

export function buildPrunePlan(facts: PruneFacts, policy: PrunePolicy): PrunePlan {
  const protectedBy = new Map<string, string[]>();
  const protect = (version: string | null, reason: string) => {
    if (version) protectedBy.set(version, [...(protectedBy.get(version) ?? []), reason]);
  };
  for (const env of facts.envs) {
    protect(env.live, `live in ${env.env}`);
    if (env.live && env.promotedTo.length) protect(env.live, `promotion source for ${env.promotedTo.join(', ')}`);
    const window = [...new Set(env.history)].slice(0, policy.rollbackWindow).filter((version) => version !== env.live);
    for (const version of window) protect(version, `in ${env.env}'s rollback window (last ${policy.rollbackWindow})`);
  }
  const sealedNewestFirst = facts.releases.filter((release) => release.sealed).reverse();
  for (const release of sealedNewestFirst.slice(0, policy.keep)) protect(release.version, `one of the ${policy.keep} newest`);
  const now = Date.parse(facts.now);
  const plan: PrunePlan = { product: facts.product, keep: [], delete: [] };
  for (const release of facts.releases) {
    if (release.pruning) {
      plan.delete.push({ version: release.version, reasons: ['an interrupted prune: finishing it'] });
      continue;
    }
    const reasons = protectedBy.get(release.version) ?? [];
    if (!release.sealed) reasons.push('unsealed: a release in progress may resume (abandon it first)');
    const age = release.builtAt ? now - Date.parse(release.builtAt) : 0;
    if (release.sealed && policy.olderThanMs !== null && age < policy.olderThanMs) reasons.push(`built ${formatAge(age)} ago, younger than ${formatAge(policy.olderThanMs)}`);
    if (reasons.length) plan.keep.push({ version: release.version, reasons });
    else plan.delete.push({ version: release.version, reasons: [`no env runs it or may roll back to it${release.builtAt ? `, built ${release.builtAt.slice(0, 10)}` : ''}`] });
  }
  return plan;
}

function formatAge(ms: number): string {
  const days = ms / 86_400_000;
  return days >= 1 ? `${Math.floor(days)}d` : `${Math.floor(ms / 3_600_000)}h`;
}
