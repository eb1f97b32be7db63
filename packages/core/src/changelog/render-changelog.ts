// The changelog section of one version, written by conventional-changelog-writer with a preset
// from commits parsed once (by parseCommit, from the plan's one git log pass). Also the annotated
// tag's message, so the same input gives the same bytes (the preset sorts by scope and subject).
import type { ChangelogOptions } from '../config/config-schema';
import type { ConventionalCommit, RevertedCommit } from '../plan/release-plan';
import { loadConventionalChangelog } from './load-conventional-changelog';
import { loadChangelogPreset, otherChangesType } from './load-changelog-preset';

/** A parsed commit, with how it reaches the product (its release plan says) and what it reverts. */
export interface ChangelogCommit extends ConventionalCommit {
  /** Projects through which the commit reaches the product; absent: the product itself. */
  via?: string[];
  reverts?: RevertedCommit;
}

export interface ChangelogInput {
  product: string;
  version: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The commits the version holds (for a release: the counted ones), newest first. */
  commits: readonly ChangelogCommit[];
}

export async function renderChangelog(input: ChangelogInput, options: ChangelogOptions): Promise<string> {
  const { writer } = loadChangelogPreset(options.preset, options.types);
  const listed = new Set(options.types.map((entry) => entry.type));
  const commits = input.commits.map((commit) => toWriterCommit(commit, input.product, listed));
  // Which commits belong in the version is the plan's decision, reverts included: the writer keeps all.
  return loadConventionalChangelog().writeChangelogString(commits, { version: input.version, date: input.date, linkReferences: false }, { ...writer, ignoreReverted: false });
}

function toWriterCommit(commit: ChangelogCommit, product: string, listed: ReadonlySet<string>) {
  const { reverts } = commit;
  // The preset files a revert under the "revert" type and any other commit under its own; a
  // counted commit of a type that `types` does not list would be dropped, so it goes under "Other changes".
  const key = reverts ? 'revert' : commit.type ?? otherChangesType;
  const shown = listed.has(key);
  return {
    hash: commit.sha,
    header: commit.header,
    type: shown && !reverts ? commit.type : otherChangesType,
    scope: labelOf(commit, product),
    subject: reverts ? `${reverts.subject}${reverts.shortSha ? ` (reverts ${reverts.shortSha})` : ''}` : commit.subject,
    body: null,
    footer: null,
    notes: commit.notes,
    references: commit.references,
    mentions: [],
    merge: null,
    revert: reverts && shown ? { header: reverts.subject, hash: reverts.shortSha } : null,
  };
}

// A change that reaches the product only through a dependency says so ("ui: add Button"): the
// reader of checkout's changelog would otherwise not know why a ui commit is in it.
function labelOf(commit: ChangelogCommit, product: string): string | null {
  const via = commit.via ?? [product];
  const viaOthers = via.includes(product) ? [] : via;
  const scope = commit.scope !== null && !viaOthers.includes(commit.scope) ? commit.scope : null;
  if (viaOthers.length === 0) return scope;
  return `${viaOthers.join(', ')}${scope ? ` (${scope})` : ''}`;
}
