// deploy / promote / rollback as one flow: plan (reads, pure decision), verify the release,
// approve, switch the pointer with compare-and-swap, then activate the router. Rollback skips the
// full verification so that its cost never grows with the size of the release.
import type { Clock, Reporter } from '../release/ports';
import { releasePrefix } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { applyDeployment, type DeploymentOutcome } from './apply-deployment';
import type { DeploymentPlan, DeploymentRequest } from './deployment-plan';
import { planDeployment } from './plan-deployment';
import type { DeploymentScope } from './read-deployment-facts';
import { readApprovalChanges } from './read-approval-changes';
import { renderApprovalSummary } from './render-approval-summary';
import { resolveApproval, type ApprovalConfirmation, type ApprovalFlags } from './resolve-approval';
import type { Router, RouterActivation } from './router-port';
import { verifyRelease } from './verify-release';

export interface DeploymentRun {
  store: ObjectStore;
  router: Router;
  scope: DeploymentScope;
  request: DeploymentRequest;
  deployedBy: string;
  approval: ApprovalFlags;
  /** Shows the summary and asks a person to confirm; given only when a terminal is attached. */
  confirm?: (summary: string) => Promise<ApprovalConfirmation>;
  reporter: Reporter;
  clock: Clock;
}

export interface DeploymentResult {
  plan: DeploymentPlan;
  outcome: DeploymentOutcome;
  activation: RouterActivation | null;
}

export async function runDeployment(run: DeploymentRun): Promise<DeploymentResult> {
  const { store, router, scope, request, reporter } = run;
  const plan = await planDeployment(store, scope, request);
  if (plan.status === 'already-live') {
    return { plan, outcome: { changed: false, pointer: null, elapsedMs: 0 }, activation: null };
  }
  if (plan.action !== 'rollback') await verifyRelease(store, plan.product, plan.to);

  const confirmation =
    plan.needsApproval && run.confirm && !run.approval.approve
      ? await run.confirm(renderApprovalSummary(plan, await readApprovalChanges(store, plan)))
      : undefined;
  const { approver } = resolveApproval(plan, run.approval, confirmation);

  const outcome = await applyDeployment(plan, { store, clock: run.clock, reporter }, { deployedBy: run.deployedBy, approvedBy: approver });
  const activation = await router.activate({ product: plan.product, env: plan.env, version: plan.to, releasePrefix: releasePrefix(plan.product, plan.to) });
  if (activation.status === 'switched-purge-pending') reporter.warn(`switched; cache purge pending${activation.detail ? `: ${activation.detail}` : ''}`);
  return { plan, outcome, activation };
}

export function renderDeploymentResult({ plan, outcome, activation }: DeploymentResult): string {
  if (!outcome.changed) return `${plan.product} ${plan.to} is already live in ${plan.env}; nothing changed.`;
  const verb = plan.action === 'rollback' ? 'Rolled back' : plan.action === 'promote' ? `Promoted (from ${plan.sourceEnv})` : 'Deployed';
  const purge = activation?.status === 'switched-purge-pending' ? ' (cache purge pending)' : '';
  const approver = outcome.pointer?.approvedBy ? `, approved by ${outcome.pointer.approvedBy}` : '';
  return `${verb} ${plan.product} in ${plan.env}: ${plan.from ?? 'nothing'} → ${plan.to} in ${outcome.elapsedMs} ms${approver}${purge}.`;
}
