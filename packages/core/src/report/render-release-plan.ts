// Human text for a ReleasePlan (dry run and the start of a real release) and for its outcome.
import { formatTagState } from '../plan/format-tag-state';
import type { PlannedCommit, ReleaseDecision, RevertedCommit } from '../plan/release-plan';
import type { ReleaseOutcome } from '../release/apply-release-plan';
import type { PublishedArtifact } from '../release/publisher';
import { command } from '../commands/spelling';

export function renderReleasePlan(plan: ReleaseDecision): string {
  return [renderHeadline(plan), ...renderAbandoned(plan), ...renderCommits(plan), ...renderAffected(plan), ...renderCloneNotes(plan)].join('\n');
}

function renderHeadline(plan: ReleaseDecision): string {
  switch (plan.status) {
    case 'nothing-to-release':
      return `${plan.product}: nothing to release since ${plan.previous?.tag ?? 'the start of history'} (no commit counts for it).`;
    case 'already-released':
      return `${plan.product}: ${plan.tag} is already released (HEAD is that release and it is sealed).`;
    case 'resume':
      return `${plan.product}: ${plan.tag} was ${formatTagState(plan.tag, plan.clone)} but not sealed; this run finishes it (build, publish what is missing, seal).`;
    case 'claimed-elsewhere':
      return `${plan.product}: ${plan.tag} was claimed on ${plan.clone.remote} by another release of this commit and is not sealed yet; this run leaves it to that release.`;
  }
  const from = plan.previous ? plan.previous.version : 'no earlier release';
  const how = plan.reason === 'first-release' ? 'first release' : plan.reason === 'release-as' ? 'as requested' : `${plan.bump} bump`;
  return `${plan.product}: ${from} → ${plan.version} (${how}), tag ${plan.tag} at ${plan.commit.slice(0, 7)}`;
}

/** Abandoned releases skipped on the way: their versions stay taken, their commits count here. */
function renderAbandoned(plan: ReleaseDecision): string[] {
  return (plan.abandoned ?? []).map((gone) => `  skips ${gone.tag}, ${gone.note}: never sealed, so its commits count here`);
}

/** The commits that count, then those that reach the product but do not, each with why. */
function renderCommits(plan: ReleaseDecision): string[] {
  if (plan.status === 'already-released' || plan.status === 'resume' || plan.status === 'claimed-elsewhere') return [];
  const counted = plan.commits.filter((commit) => commit.counts);
  const ignored = plan.commits.filter((commit) => !commit.counts);
  const lines = plan.status === 'release' ? [`  commits that count (${counted.length}):`, ...counted.map((c) => renderCommit(c, countedWhy(c)))] : [];
  if (ignored.length) lines.push(`  commits that do not count (${ignored.length}):`, ...ignored.map((c) => renderCommit(c, ignoredWhy(c))));
  return lines;
}

function renderCommit(commit: PlannedCommit, why: string): string {
  const header = `${commit.type ?? ''}${commit.scope ? `(${commit.scope})` : ''}${commit.breaking ? '!' : ''}`;
  return `    ${commit.shortSha} ${header ? `${header}: ` : ''}${commit.subject}  [${why}]`;
}

function countedWhy(commit: PlannedCommit): string {
  const why = `${commit.bump ?? 'first release'}, via ${commit.via.join(', ')}`;
  return commit.reverts ? `${why}; ${renderReverted(commit.reverts)}` : why;
}

function ignoredWhy(commit: PlannedCommit): string {
  const via = `via ${commit.via.join(', ')}`;
  if (commit.revertedBy) return `${via}; reverted by ${commit.revertedBy} in this same release`;
  if (commit.reverts?.inRelease) return `${via}; ${renderReverted(commit.reverts)}, a change of this same release`;
  if (commit.reverts) return `${via}; ${renderReverted(commit.reverts)}, which asks for no release`;
  const kind = commit.type === null ? 'not a conventional commit' : `type "${commit.type}" asks for no release`;
  return `${via}; ${kind} (commitTypes.other is "none")`;
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function renderReverted(reverted: RevertedCommit): string {
  return reverted.shortSha ? `reverts ${reverted.shortSha} (${reverted.subject})` : `reverts "${reverted.subject}"`;
}

function renderAffected(plan: ReleaseDecision): string[] {
  if (!plan.affectedProducts.length) return [];
  const affected = plan.affectedProducts.map((p) => `${p.product} (via ${p.via.join(', ')})`).join(', ');
  return [`  also affected by the same shared changes, not released: ${affected}`];
}

/** What this clone lacks against the remote, and the command that brings it in. */
function renderCloneNotes(plan: ReleaseDecision): string[] {
  const { clone } = plan;
  const lines: string[] = [];
  if (clone.remoteError !== null) lines.push(`  ${clone.remote} could not be read (${clone.remoteError}): versions were checked against this clone's tags only.`);
  const fix = clone.fetch ? `run "${clone.fetch}"` : 'clone the repository again without --depth';
  const since = plan.previous ? `since ${plan.previous.tag}` : 'of the product';
  if (clone.history === 'shallow') {
    lines.push(`  this clone is shallow: the history ${since} is cut short, so this plan may miss commits. ${cap(fix)} first: a release refuses to tag without them.`);
  } else if (clone.history === 'missing') {
    lines.push(`  the commit of ${plan.previous?.tag ?? 'the last release'} (a tag of ${clone.remote}) is not in this clone, so this plan may miss commits. ${cap(fix)} first: a release refuses to tag without them.`);
  } else if (clone.remoteOnly.length) {
    lines.push(`  release tags read from ${clone.remote}, not in this clone: ${clone.remoteOnly.join(', ')}${clone.fetch ? ` (to fetch them: ${clone.fetch})` : ''}.`);
  }
  if (clone.diverged.length) lines.push(`  tags at another commit here than on ${clone.remote} (${clone.remote}'s count): ${clone.diverged.join(', ')}.`);
  return lines;
}

export function renderReleaseOutcome(outcome: ReleaseOutcome, storeUrl: string): string {
  const { plan } = outcome;
  switch (outcome.status) {
    case 'nothing-to-release':
    case 'already-released':
      return renderReleasePlan(plan);
    case 'released-elsewhere':
      return renderReleasedElsewhere(outcome, storeUrl);
  }
  const files = outcome.artifact ? renderArtifact(outcome.artifact, plan.version) : '';
  const claimed = outcome.claimedOn ? `claimed on ${outcome.claimedOn}` : 'local tag only (not pushed)';
  return `${outcome.status === 'resumed' ? 'Resumed and released' : 'Released'} ${plan.tag}: ${files}, ${claimed}, sealed at ${storeUrl}/${outcome.manifest}`;
}

function renderArtifact(artifact: PublishedArtifact, version: string): string {
  switch (artifact.kind) {
    case 'static':
      return `${artifact.uploaded.created + artifact.uploaded.existing} files (${artifact.uploaded.created} uploaded)`;
    case 'container':
      return `image ${artifact.pushed.reference}@${artifact.pushed.digest}${artifact.pushed.status === 'already-published' ? ' (already pushed)' : ''}`;
    case 'npm': {
      const { name, registry, integrity } = artifact.entry.package;
      return `package ${name}@${version} (${integrity.slice(0, 19)}…) ${artifact.status === 'already-published' ? 'already on' : 'published to'} ${registry}`;
    }
  }
}

/** The loser of two releases of one commit: a normal outcome (exit 0) that says who has it and what is left to do. */
function renderReleasedElsewhere({ plan, claimedOn, manifest }: ReleaseOutcome, storeUrl: string): string {
  const where = claimedOn ? ` on ${claimedOn}` : '';
  const tag = claimedOn ? `; this clone's tag ${plan.tag} is now the remote's` : '';
  if (manifest) {
    return `Released by someone else: another run claimed ${plan.tag}${where} and sealed it at ${storeUrl}/${manifest}. This run published nothing of its own${tag}.`;
  }
  return `Released by someone else: another run claimed ${plan.tag}${where} first and is publishing it; this run published nothing${tag}. If that run stopped before sealing, ${command('release', plan.product)} finishes it from here.`;
}
