// Which project a changed file belongs to: the project with the longest root that contains it.
// Planning asks this for every file of every commit in the range (tens of thousands), so the
// roots are indexed once and each lookup walks the file's own folders, longest first.
import type { Workspace } from '../workspace/workspace';

function isWorkspaceRoot(root: string): boolean {
  return root === '' || root === '.' || root === './';
}

export type FileOwnerIndex = (file: string) => string | null;

/**
 * An index answering: the owning project's name, or null for a root file (outside every project
 * root). A workspace root project (root "." or "") would contain every file, so it never owns
 * one here: its files are root files and count only through the rootFiles allow-list.
 */
export function indexFileOwners(workspace: Workspace): FileOwnerIndex {
  const byRoot = new Map<string, string>();
  for (const project of Object.values(workspace.projects)) {
    const root = project.root.replace(/\/+$/, '');
    if (!isWorkspaceRoot(root)) byRoot.set(root, project.name);
  }
  return (file) => {
    if (byRoot.has(file)) return byRoot.get(file) ?? null;
    for (let end = file.lastIndexOf('/'); end > 0; end = file.lastIndexOf('/', end - 1)) {
      const owner = byRoot.get(file.slice(0, end));
      if (owner !== undefined) return owner;
    }
    return null;
  };
}

/** One lookup; for many files build the index once with indexFileOwners. */
export function resolveFileOwner(workspace: Workspace, file: string): string | null {
  return indexFileOwners(workspace)(file);
}
