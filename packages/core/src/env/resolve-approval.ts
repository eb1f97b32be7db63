// Who approved a deployment (pure). An env with approval required changes only with an approver:
// an interactive confirmation, or in CI an explicit --approve with a name.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { DeploymentPlan } from './deployment-plan';

export interface ApprovalFlags {
  approve?: boolean;
  approvedBy?: string;
  /** TAGDEPLOY_APPROVER from the environment. */
  envApprover?: string;
}

/** The outcome of the terminal prompt, when one was shown. */
export interface ApprovalConfirmation {
  confirmed: boolean;
  /** Who confirmed (e.g. git user.name or the OS user). */
  identity: string;
}

export function resolveApproval(
  plan: Pick<DeploymentPlan, 'product' | 'env' | 'action' | 'from' | 'to' | 'needsApproval'>,
  flags: ApprovalFlags,
  confirmation?: ApprovalConfirmation,
): { approver: string | null } {
  const named = flags.approvedBy?.trim() || flags.envApprover?.trim() || null;
  if (!plan.needsApproval) return { approver: flags.approve ? named : null };
  const change = `${plan.action === 'deploy' ? 'Deploying' : plan.action === 'promote' ? 'Promoting' : 'Rolling back to'} ${plan.product} ${plan.to} in ${plan.env} (now ${plan.from ?? 'nothing'})`;
  if (confirmation) {
    if (!confirmation.confirmed) throw new TagdeployError('APPROVAL_DECLINED', `Not confirmed: ${plan.env} of ${plan.product} is unchanged (still ${plan.from ?? 'nothing'}).`);
    const identity = confirmation.identity.trim();
    if (identity) return { approver: identity };
  }
  if (flags.approve && named) return { approver: named };
  const why = flags.approve ? ', and --approve needs a name' : '';
  throw new TagdeployError(
    'APPROVAL_REQUIRED',
    `${change}: ${plan.env} requires approval${why}. Run it in a terminal to confirm, or pass --approve --approved-by=<name> (or set TAGDEPLOY_APPROVER) in CI. Nothing changed.`,
  );
}
