// release-prune <product>: deletes old releases from the store, never one an env runs, one in an
// env's rollback window, a promotion source, the newest `keep`, one younger than `olderThan`, or
// an unsealed one; never a tag. Prints what it keeps and why, and what it deletes. --dry-run
// stops after the plan. A real run makes the plan under the env-change lock (pruneWithLock), so it
// never races a deploy.
import { TagdeployError } from '../errors/tagdeploy-error';
import { resolveActor } from '../env/resolve-actor';
import type { PrunedRelease } from '../prune/apply-prune-plan';
import { pruneWithLock } from '../prune/prune-with-lock';
import { buildPrunePlan, type PrunePlan } from '../prune/build-prune-plan';
import { readPruneFacts } from '../prune/read-prune-facts';
import { parseDuration, retentionSchema } from '../prune/retention-settings';
import { withEnvBackend } from './change-environment';
import type { CommandResult, Host } from './host';
import { loadProductContext } from './load-product-context';

export interface PruneRequest {
  product: string;
  /** Overrides retention.keep. */
  keep?: number;
  /** Overrides retention.olderThan ("90d"). */
  olderThan?: string;
  dryRun?: boolean;
}

export interface PruneResult {
  plan: PrunePlan;
  /** null on a dry run. */
  deleted: PrunedRelease[] | null;
  store: string;
}

export async function pruneReleases(request: PruneRequest, host: Host): Promise<CommandResult<PruneResult>> {
  const context = loadProductContext(host, request.product);
  const retention = retentionSchema.parse(context.config.retention ?? {});
  const olderThan = request.olderThan ?? retention.olderThan;
  const olderThanMs = olderThan === undefined ? null : parseDuration(olderThan);
  if (olderThanMs === undefined) throw new TagdeployError('USAGE', `--older-than "${olderThan}" is not a duration: use a number of days or hours, e.g. 90d or 12h.`);
  if (request.keep !== undefined && (!Number.isInteger(request.keep) || request.keep < 1)) throw new TagdeployError('USAGE', `--keep must be a whole number of at least 1, not "${request.keep}".`);
  const now = host.clock.now();
  return withEnvBackend(context, host, async (backend) => {
    const decide = async () => {
      const facts = await readPruneFacts({ store: context.store, backend, product: context.product, envs: context.envs, environments: context.settings.environments, now });
      return { keys: facts.keys, plan: buildPrunePlan(facts, { keep: request.keep ?? retention.keep, rollbackWindow: retention.rollbackWindow, olderThanMs }) };
    };
    if (request.dryRun) {
      const { plan } = await decide();
      return rendered({ plan, deleted: null, store: context.store.url }, context.config.kind);
    }
    const ports = { store: context.store, reporter: context.reporter, prunedBy: await resolveActor(host.workspace.root, host.environment), now };
    const { plan, deleted } = await pruneWithLock(context.product, decide, ports);
    return rendered({ plan, deleted, store: context.store.url }, context.config.kind);
  });
}

function rendered(result: PruneResult, kind: string): CommandResult<PruneResult> {
  return { result, text: renderPrune(result, kind) };
}

function renderPrune({ plan, deleted, store }: PruneResult, kind: string): string {
  const verb = deleted ? 'deleted' : 'would delete';
  const lines = [`${plan.product} in ${store}: keeping ${plan.keep.length}, ${verb} ${plan.delete.length}${deleted ? '' : ' (dry run: nothing changed)'}`];
  for (const release of plan.keep) lines.push(`  keep    ${release.version}: ${release.reasons.join('; ')}`);
  for (const release of plan.delete) lines.push(`  ${deleted ? 'deleted' : 'delete '} ${release.version}: ${release.reasons.join('; ')}`);
  if (kind === 'container' && plan.delete.length) lines.push('  images stay in the registry: delete them by digest with the registry\'s own tools (tags are never deleted)');
  return lines.join('\n');
}
