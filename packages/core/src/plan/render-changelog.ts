// The changelog section of one release: also the annotated tag's message, so it must be
// deterministic (same plan, same bytes) for a resumed release to match its claim.
import type { CommitTypesConfig } from '../config/config-schema';
import type { PlannedCommit } from './release-plan';

export interface ChangelogInput {
  product: string;
  version: string;
  /** YYYY-MM-DD. */
  today: string;
  /** The counted commits, newest first. */
  commits: readonly PlannedCommit[];
  commitTypes: CommitTypesConfig;
}

const groups = ['⚠ Breaking changes', 'Features', 'Bug fixes', 'Performance', 'Reverts', 'Other changes'] as const;
type Group = (typeof groups)[number];

export function renderChangelog(input: ChangelogInput): string {
  const lines = new Map<Group, string[]>(groups.map((group) => [group, []]));
  for (const commit of input.commits) {
    lines.get(groupOf(commit, input.commitTypes))?.push(...renderCommit(commit, input.product));
  }
  const sections = groups
    .filter((group) => (lines.get(group) ?? []).length > 0)
    .map((group) => `### ${group}\n\n${(lines.get(group) ?? []).join('\n')}\n`);
  return [`## ${input.version} (${input.today})\n`, ...sections].join('\n');
}

function groupOf(commit: PlannedCommit, types: CommitTypesConfig): Group {
  if (commit.breaking) return '⚠ Breaking changes';
  if (commit.reverts) return 'Reverts';
  if (commit.type === null) return 'Other changes';
  if (types.feat.includes(commit.type)) return 'Features';
  if (commit.type === 'perf') return 'Performance';
  if (types.patch.includes(commit.type)) return 'Bug fixes';
  return 'Other changes';
}

function renderCommit(commit: PlannedCommit, product: string): string[] {
  // Under "Reverts", a revert reads as what it takes back: "- feat: coupons (abc1234, reverts def5678)".
  const { reverts } = commit;
  const line = reverts
    ? `- ${labelOf(commit, product)}${reverts.subject} (${commit.shortSha}${reverts.shortSha ? `, reverts ${reverts.shortSha}` : ''})`
    : `- ${labelOf(commit, product)}${commit.subject} (${commit.shortSha})`;
  const note = commit.breakingNote;
  // The note of a "feat!:" commit is its subject: print it once.
  return note && note !== commit.subject ? [line, `  ${note}`] : [line];
}

// A change that reaches the product only through a dependency says so ("ui: add Button"): the
// reader of checkout's changelog would otherwise not know why a ui commit is in it.
function labelOf(commit: PlannedCommit, product: string): string {
  const viaOthers = commit.via.includes(product) ? [] : commit.via;
  const scope = commit.scope !== null && !viaOthers.includes(commit.scope) ? commit.scope : null;
  if (viaOthers.length === 0) return scope ? `${scope}: ` : '';
  return `${viaOthers.join(', ')}${scope ? ` (${scope})` : ''}: `;
}
