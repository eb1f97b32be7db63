// Which project a changed file belongs to: the project with the longest root that contains it.
import type { Workspace } from '../workspace/workspace';

function isWorkspaceRoot(root: string): boolean {
  return root === '' || root === '.' || root === './';
}

/**
 * The owning project's name, or null for a root file (outside every project root). A workspace
 * root project (root "." or "") would contain every file, so it never owns one here: its files
 * are root files and count only through the rootFiles allow-list.
 */
export function resolveFileOwner(workspace: Workspace, file: string): string | null {
  let owner: string | null = null;
  let ownerRootLength = -1;
  for (const project of Object.values(workspace.projects)) {
    const root = project.root.replace(/\/+$/, '');
    if (isWorkspaceRoot(root)) continue;
    const contains = file === root || file.startsWith(`${root}/`);
    if (contains && root.length > ownerRootLength) {
      owner = project.name;
      ownerRootLength = root.length;
    }
  }
  return owner;
}
