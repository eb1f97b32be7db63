// deploy / promote / rollback as one flow over any EnvBackend: plan (reads, pure decision), stop
// there when the env already runs the release, check the release, approve (the prompt with the
// changes in between, or the flags), then apply, holding the product's env-change lock (which
// release-prune takes too) and checking, under it, that the release was not pruned meanwhile. The
// backend decides how a change is written and made live; the flow, the approval and the result are
// the same for all.
import type { CommandResult } from '../commands/host';
import type { DeploymentOutcome } from './apply-deployment';
import type { DeploymentPlan, DeploymentRequest } from './deployment-plan';
import type { EnvBackend } from './env-backend';
import { checkNotPruned } from './check-not-pruned';
import { withEnvChangeLock } from './env-change-lock';
import type { DeploymentScope } from './read-deployment-facts';
import { readApprovalChanges } from './read-approval-changes';
import { renderApprovalSummary } from './render-approval-summary';
import { renderEnvChange } from './render-env-change';
import { resolveApproval, type ApprovalConfirmation, type ApprovalFlags } from './resolve-approval';
import type { RouterActivation } from './router-port';

export interface EnvChangeRun {
  scope: DeploymentScope;
  request: DeploymentRequest;
  deployedBy: string;
  approval: ApprovalFlags;
  /** Shows the summary and asks a person to confirm; given only when a terminal is attached. */
  confirm?: (summary: string) => Promise<ApprovalConfirmation>;
  /** A further refusal of a 'ready' plan's release after the backend's own check (a required signature). Reads only. */
  checkRelease?: (plan: DeploymentPlan) => Promise<void>;
}

/** What a deploy, promote or rollback did: the --json result. */
export interface EnvChange<Plan extends DeploymentPlan = DeploymentPlan, Outcome extends DeploymentOutcome = DeploymentOutcome> {
  plan: Plan;
  outcome: Outcome;
  activation: RouterActivation | null;
}

export async function runEnvChange<Plan extends DeploymentPlan, Outcome extends DeploymentOutcome>(
  backend: EnvBackend<Plan, Outcome>,
  run: EnvChangeRun,
): Promise<CommandResult<EnvChange<Plan, Outcome>>> {
  const plan = await backend.plan(run.scope, run.request);
  if (plan.status === 'already-live') return rendered({ plan, outcome: backend.unchanged(plan), activation: null });
  await backend.check(plan);
  await run.checkRelease?.(plan);
  const approvedBy = await resolveApprover(backend, plan, run);
  const { outcome, activation, detail } = await withEnvChangeLock(backend.releases, plan.product, async () => {
    await checkNotPruned(backend.releases, plan);
    return backend.apply(plan, { deployedBy: run.deployedBy, approvedBy });
  });
  return rendered({ plan, outcome, activation }, detail);
}

/**
 * The approver: asks at the terminal when the env requires approval and no --approve was given.
 * An env that wants a distinct approver is not asked there: only the requester could answer.
 */
async function resolveApprover(backend: EnvBackend<DeploymentPlan, DeploymentOutcome>, plan: DeploymentPlan, run: EnvChangeRun): Promise<string | null> {
  const distinctApprover = run.scope.environments[plan.env]?.distinctApprover === true;
  const canAsk = plan.needsApproval && run.confirm !== undefined && !run.approval.approve;
  const confirmation =
    canAsk && !distinctApprover && run.confirm ? await run.confirm(renderApprovalSummary(plan, await readApprovalChanges(backend.releases, plan))) : undefined;
  return resolveApproval(plan, run.approval, confirmation, { distinctApprover, requestedBy: run.deployedBy, promptSkipped: canAsk && distinctApprover }).approver;
}

function rendered<Result extends EnvChange>(result: Result, detail?: string): CommandResult<Result> {
  return { result, text: renderEnvChange(result, detail) };
}
