// The text shown at the approval prompt: what changes where, and the changelogs in between.
import type { DeploymentPlan } from './deployment-plan';
import type { ApprovalChanges } from './read-approval-changes';

export function renderApprovalSummary(
  plan: Pick<DeploymentPlan, 'product' | 'env' | 'action' | 'from' | 'to' | 'reason' | 'sourceEnv'>,
  changes: ApprovalChanges,
): string {
  const via = plan.sourceEnv ? ` (as in ${plan.sourceEnv})` : '';
  const lines = [
    `${plan.action} ${plan.product} in ${plan.env}: ${plan.from ?? '(nothing)'} → ${plan.to}${via}`,
  ];
  if (plan.reason) lines.push(`reason: ${plan.reason}`);
  const versions = changes.releases.map((release) => release.version);
  if (changes.direction === 'backward') {
    lines.push(`backing out: ${versions.join(', ')}${changes.omitted ? ` and ${changes.omitted} more` : ''}`);
  }
  lines.push('');
  if (changes.releases.length === 0) lines.push('(no release notes)');
  // A changelog section starts with its own "## <version> (<date>)" heading.
  for (const release of changes.releases) {
    lines.push(release.changelog.trim() || `## ${release.version}\n\n(no changelog)`, '');
  }
  if (changes.omitted) lines.push(`… and ${changes.omitted} older release${changes.omitted > 1 ? 's' : ''}`);
  return `${lines.join('\n').trimEnd()}\n`;
}
