// Compares the files a rebuild wrote with the files a sealed release lists, by path and sha256:
// the same bytes at the same paths, or the paths that differ (changed, missing, extra). Pure.

export interface HashedFile {
  path: string;
  sha256: string;
}

export interface RebuildComparison {
  /** Files with the same path and bytes in both. */
  same: number;
  /** In both, with other bytes. */
  changed: string[];
  /** In the release, not written by the rebuild. */
  missing: string[];
  /** Written by the rebuild, not in the release. */
  extra: string[];
}

export function compareRebuiltFiles(released: readonly HashedFile[], rebuilt: readonly HashedFile[]): RebuildComparison {
  const rebuiltByPath = new Map(rebuilt.map((file) => [file.path, file.sha256]));
  const releasedPaths = new Set(released.map((file) => file.path));
  const comparison: RebuildComparison = { same: 0, changed: [], missing: [], extra: [] };
  for (const file of released) {
    const sha256 = rebuiltByPath.get(file.path);
    if (sha256 === undefined) comparison.missing.push(file.path);
    else if (sha256 === file.sha256) comparison.same++;
    else comparison.changed.push(file.path);
  }
  comparison.extra = rebuilt.filter((file) => !releasedPaths.has(file.path)).map((file) => file.path);
  for (const list of [comparison.changed, comparison.missing, comparison.extra]) list.sort();
  return comparison;
}

export const isReproducible = (comparison: RebuildComparison): boolean =>
  comparison.changed.length === 0 && comparison.missing.length === 0 && comparison.extra.length === 0;

/** "changed: index.html, built-at.txt; missing: a.js; extra: b.js" (at most `shown` names per list). */
export function formatRebuildDifferences(comparison: RebuildComparison, shown = 10): string {
  const list = (names: string[]) => (names.length > shown ? `${names.slice(0, shown).join(', ')} and ${names.length - shown} more` : names.join(', '));
  return (['changed', 'missing', 'extra'] as const)
    .filter((kind) => comparison[kind].length > 0)
    .map((kind) => `${kind}: ${list(comparison[kind])}`)
    .join('; ');
}
