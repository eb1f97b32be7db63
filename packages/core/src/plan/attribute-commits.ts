// Which commits belong to a product, and through which projects they reach it.
import type { RawCommit } from '../git/git-port';
import type { Workspace } from '../workspace/workspace';
import { matchGlob } from './match-glob';
import { resolveDependencyClosure } from './resolve-dependency-closure';
import { indexFileOwners } from './resolve-file-owner';

export const rootVia = '(root)';

const lockfiles = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb']);

function isLockfile(file: string): boolean {
  return lockfiles.has(file.slice(file.lastIndexOf('/') + 1));
}

export interface AttributedCommit {
  commit: RawCommit;
  /** The product itself first, then dependencies sorted by name, then "(root)". Never empty. */
  via: string[];
}

export interface AttributionScope {
  workspace: Workspace;
  product: string;
  /** Glob patterns of workspace-level files whose changes count for every product. */
  rootFiles: readonly string[];
}

/** The relevant commits, in the order given; commits touching nothing of the product are dropped. */
export function attributeCommits(commits: readonly RawCommit[], scope: AttributionScope): AttributedCommit[] {
  const closure = resolveDependencyClosure(scope.workspace, scope.product);
  const inClosure = new Set(closure);
  const ownerOf = indexFileOwners(scope.workspace);
  const attributed: AttributedCommit[] = [];
  for (const commit of commits) {
    const touched = new Set<string>();
    let touchesRootFile = false;
    for (const file of commit.files) {
      if (scope.rootFiles.some((pattern) => matchGlob(pattern, file))) touchesRootFile = true;
      // A lockfile diff says nothing about which product's dependencies moved (installs rewrite
      // it wholesale), so it counts only when the allow-list names it, even inside a project.
      if (isLockfile(file)) continue;
      const owner = ownerOf(file);
      if (owner !== null && inClosure.has(owner)) touched.add(owner);
    }
    const via = closure.filter((project) => touched.has(project));
    if (touchesRootFile) via.push(rootVia);
    if (via.length > 0) attributed.push({ commit, via });
  }
  return attributed;
}
