// Which package name each workspace project publishes under (from its package.json), so that a
// dependency in a package.json can be traced to the project (and product) that makes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from '../workspace/workspace';

/** Package name → project name, for every project with a named package.json. */
export function readWorkspacePackages(workspace: Workspace): Map<string, string> {
  const byName = new Map<string, string>();
  for (const project of Object.values(workspace.projects)) {
    try {
      const { name } = JSON.parse(readFileSync(join(workspace.root, project.root, 'package.json'), 'utf8')) as { name?: unknown };
      if (typeof name === 'string' && name !== '') byName.set(name, project.name);
    } catch {
      // No package.json (or an unreadable one): nothing is published under this project's name.
    }
  }
  return byName;
}
