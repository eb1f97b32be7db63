// Settings that weaken approval count only once committed: an uncommitted edit of an env's
// approval (removing it, dropping distinctApprover, changing promoteFrom) is refused before the
// env changes, naming the settings file. A strengthening local edit is fine.
import { approvalWeakenings } from '../env/approval-weakenings';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { Host } from './host';
import type { ProductContext } from './load-product-context';
import { settingsFile } from './spelling';

export async function checkCommittedApproval(host: Host, context: ProductContext, env: string): Promise<void> {
  const local = context.settings.environments[env];
  if (local === undefined) return; // an unknown env is refused by the plan, with the declared ones
  const committed = committedEnv(await host.settingsAt('HEAD'), env);
  const weakenings = approvalWeakenings(committed, local);
  if (weakenings.length === 0) return;
  throw new TagdeployError(
    'APPROVAL_SETTINGS_UNCOMMITTED',
    `${env} of ${context.product}: the uncommitted edit of ${settingsFile} weakens its approval (${weakenings.join('; ')}). Settings that weaken approval count only once committed and reviewed: commit the change, or undo it, then run the command again. Nothing changed.`,
  );
}

/** The env's entry in committed settings; undefined when it is not committed. */
function committedEnv(settings: unknown, env: string): unknown {
  const environments = (settings as { environments?: unknown } | undefined)?.environments;
  if (typeof environments !== 'object' || environments === null || !Object.hasOwn(environments, env)) return undefined;
  return (environments as Record<string, unknown>)[env];
}
