// Who approved a deployment (pure). An env with approval required changes only with an approver:
// an interactive confirmation, or in CI an explicit --approve with a name. An env with a distinct
// approver (four eyes) also refuses the requester as their own approver.
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

/** What the env asks of the approver beyond being named. */
export interface ApproverRule {
  /** The approver must not be the requester (the env's "distinctApprover"). */
  distinctApprover: boolean;
  /** Who asks for the change. */
  requestedBy: string;
  /** A terminal prompt was possible but not shown, because only the requester could answer it. */
  promptSkipped?: boolean;
}

type ApprovalPlan = Pick<DeploymentPlan, 'product' | 'env' | 'action' | 'from' | 'to' | 'needsApproval'>;

export function resolveApproval(plan: ApprovalPlan, flags: ApprovalFlags, confirmation?: ApprovalConfirmation, rule?: ApproverRule): { approver: string | null } {
  const named = flags.approvedBy?.trim() || flags.envApprover?.trim() || null;
  if (!plan.needsApproval) return { approver: flags.approve ? named : null };
  if (confirmation) {
    if (!confirmation.confirmed) throw new TagdeployError('APPROVAL_DECLINED', `Not confirmed: ${plan.env} of ${plan.product} is unchanged (still ${plan.from ?? 'nothing'}).`);
    const identity = confirmation.identity.trim();
    if (identity) return { approver: distinct(plan, identity, 'confirmed', rule) };
  }
  if (flags.approve && named) return { approver: distinct(plan, named, 'approved', rule) };
  if (rule?.distinctApprover && rule.promptSkipped) {
    throw notDistinct(plan, `${plan.env} needs an approver other than the requester (${rule.requestedBy}), so ${rule.requestedBy}'s own "yes" at this terminal does not count`);
  }
  const why = flags.approve ? ', and --approve needs a name' : '';
  // With four eyes a terminal cannot approve: the person at it is the requester.
  const how = rule?.distinctApprover
    ? ` by someone other than ${rule.requestedBy}${why}. Pass --approve --approved-by=<their name> (or set TAGDEPLOY_APPROVER) in CI`
    : `${why}. Run it in a terminal to confirm, or pass --approve --approved-by=<name> (or set TAGDEPLOY_APPROVER) in CI`;
  throw new TagdeployError('APPROVAL_REQUIRED', `${describeChange(plan)}: ${plan.env} requires approval${how}. Nothing changed.`);
}

/** The approver, unless the env wants four eyes and the approver is the requester. */
function distinct(plan: ApprovalPlan, approver: string, how: 'confirmed' | 'approved', rule: ApproverRule | undefined): string {
  if (rule?.distinctApprover && sameIdentity(approver, rule.requestedBy)) {
    throw notDistinct(plan, `${plan.env} needs an approver other than the requester, but it was requested by ${rule.requestedBy} and ${how} by ${approver}`);
  }
  return approver;
}

/** Names compare without case and surrounding space ("Alice" asked, "alice " approved: the same person). */
const sameIdentity = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

function notDistinct(plan: ApprovalPlan, why: string): TagdeployError {
  return new TagdeployError(
    'APPROVER_NOT_DISTINCT',
    `${describeChange(plan)}: ${why}. Someone else must approve it: a reviewer of the CI environment (the generated workflows record who approved the run), or name them with --approve --approved-by=<their name> (or TAGDEPLOY_APPROVER). Nothing changed.`,
  );
}

function describeChange(plan: ApprovalPlan): string {
  const verb = plan.action === 'deploy' ? 'Deploying' : plan.action === 'promote' ? 'Promoting' : 'Rolling back to';
  return `${verb} ${plan.product} ${plan.to} in ${plan.env} (now ${plan.from ?? 'nothing'})`;
}
