// Human text for a ReleasePlan (dry run and the start of a real release) and for its outcome.
import type { ReleasePlan } from '../plan/release-plan';
import type { ReleaseOutcome } from '../release/apply-release-plan';

export function renderReleasePlan(plan: ReleasePlan): string {
  const from = plan.previous ? plan.previous.version : 'no earlier release';
  switch (plan.status) {
    case 'nothing-to-release':
      return `${plan.product}: nothing to release since ${plan.previous?.tag ?? 'the start of history'} (no commit counts for it).`;
    case 'already-released':
      return `${plan.product}: ${plan.tag} is already released (HEAD is that release and it is sealed).`;
    case 'resume':
      return `${plan.product}: ${plan.tag} was claimed but not sealed; this run finishes it (build, publish what is missing, seal).`;
  }
  const how = plan.reason === 'first-release' ? 'first release' : plan.reason === 'release-as' ? 'as requested' : `${plan.bump} bump`;
  const lines = [`${plan.product}: ${from} → ${plan.version} (${how}), tag ${plan.tag} at ${plan.commit.slice(0, 7)}`];
  lines.push(`  commits that count (${plan.commits.length}):`);
  for (const commit of plan.commits) {
    const header = `${commit.type ?? ''}${commit.scope ? `(${commit.scope})` : ''}${commit.breaking ? '!' : ''}`;
    lines.push(`    ${commit.shortSha} ${header ? `${header}: ` : ''}${commit.subject}  [${commit.bump ?? "first release"}, via ${commit.via.join(', ')}]`);
  }
  if (plan.affectedProducts.length) {
    const affected = plan.affectedProducts.map((p) => `${p.product} (via ${p.via.join(', ')})`).join(', ');
    lines.push(`  also affected by the same shared changes, not released: ${affected}`);
  }
  return lines.join('\n');
}

export function renderReleaseOutcome(outcome: ReleaseOutcome, storeUrl: string): string {
  const { plan } = outcome;
  switch (outcome.status) {
    case 'nothing-to-release':
    case 'already-released':
      return renderReleasePlan(plan);
  }
  const files = outcome.image
    ? `image ${outcome.image.reference}@${outcome.image.digest}${outcome.image.status === 'already-published' ? ' (already pushed)' : ''}`
    : outcome.files
      ? `${outcome.files.created + outcome.files.existing} files (${outcome.files.created} uploaded)`
      : '';
  const claimed = outcome.claimedOn ? `claimed on ${outcome.claimedOn}` : 'local tag only (not pushed)';
  return `${outcome.status === 'resumed' ? 'Resumed and released' : 'Released'} ${plan.tag}: ${files}, ${claimed}, sealed at ${storeUrl}/${outcome.manifest}`;
}
