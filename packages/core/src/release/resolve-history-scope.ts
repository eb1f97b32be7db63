// Which paths a product's release history is read for: the roots of the projects in its
// dependency closure and its root-file allow-list, as git pathspecs, so that `git log` prunes the
// rest of the tree itself (in C) instead of printing every file of every commit of the monorepo.
// Only commits that touch these paths can count for the product (attribute-commits.ts), and a
// file outside them never changes a plan; `covers` answers the same question for one file.
import { matchGlob } from '../plan/match-glob';
import { resolveDependencyClosure } from '../plan/resolve-dependency-closure';
import type { Workspace } from '../workspace/workspace';

export interface HistoryScope {
  /** Git pathspecs (relative to the repository's top level), or none when nothing can count. */
  pathspecs: string[];
  /** Whether a file (as git names it) is inside one of the pathspecs. */
  covers(file: string): boolean;
}

export function resolveHistoryScope(workspace: Workspace, product: string, rootFiles: readonly string[]): HistoryScope {
  const roots = resolveDependencyClosure(workspace, product)
    .map((name) => workspace.projects[name]?.root.replace(/\/+$/, '').replace(/^\.\//, ''))
    // A workspace root project owns no file (its files count only through rootFiles): no pathspec.
    .filter((root): root is string => root !== undefined && root !== '' && root !== '.');
  const unique = [...new Set(roots)].sort();
  return {
    pathspecs: [...unique.map((root) => `:(top,literal)${root}`), ...rootFiles.map((pattern) => `:(top,glob)${toGitGlob(pattern)}`)],
    covers: (file) => unique.some((root) => file === root || file.startsWith(`${root}/`)) || rootFiles.some((pattern) => matchGlob(pattern, file)),
  };
}

/**
 * The allow-list's glob (match-glob.ts) in git's glob pathspec syntax: the same "*", "?" and "**"
 * rules, but git reads "[", "]" and "\" as wildcards, which match-glob takes literally, and git
 * refuses "**" inside a segment, which match-glob reads as "*".
 */
export function toGitGlob(pattern: string): string {
  let glob = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') {
      let end = i;
      while (pattern[end + 1] === '*') end++;
      const run = end - i + 1;
      const wholeSegment = (i === 0 || pattern[i - 1] === '/') && (end + 1 === pattern.length || pattern[end + 1] === '/');
      // match-glob reads exactly two stars filling a segment as "any folders", every other run as "*".
      glob += run === 2 && wholeSegment ? '**' : '*';
      i = end;
    } else if (char === '[' || char === ']' || char === '\\') {
      glob += `\\${char}`;
    } else {
      glob += char;
    }
  }
  return glob;
}
