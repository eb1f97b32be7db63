// The line a person reads after a deploy, promote or rollback (--json prints the EnvChange
// itself), with the backend's detail on where the change landed below it.
import type { EnvChange } from './run-env-change';

export function renderEnvChange({ plan, outcome, activation }: EnvChange, detail?: string): string {
  if (!outcome.changed) return `${plan.product} ${plan.to} is already live in ${plan.env}; nothing changed.`;
  const verb = plan.action === 'rollback' ? 'Rolled back' : plan.action === 'promote' ? `Promoted (from ${plan.sourceEnv})` : 'Deployed';
  const purge = activation?.status === 'switched-purge-pending' ? ' (cache purge pending)' : '';
  const approver = outcome.pointer?.approvedBy ? `, approved by ${outcome.pointer.approvedBy}` : '';
  const line = `${verb} ${plan.product} in ${plan.env}: ${plan.from ?? 'nothing'} → ${plan.to}, switched in ${outcome.elapsedMs} ms${approver}${purge}.`;
  return detail ? `${line}\n  ${detail}` : line;
}
