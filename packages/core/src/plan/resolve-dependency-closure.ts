// A project plus everything it depends on, directly or not. A product is released when any of
// these change, because each of them is built into it.
import type { Workspace } from '../workspace/workspace';

/** The project first, then its transitive dependencies sorted by name. Cycle-safe. */
export function resolveDependencyClosure(workspace: Workspace, project: string): string[] {
  const seen = new Set<string>([project]);
  const pending = [project];
  while (pending.length > 0) {
    const current = workspace.projects[pending.pop() as string];
    // Names that are not workspace projects (external packages) have no files to attribute.
    for (const dependency of current?.dependencies ?? []) {
      if (!seen.has(dependency) && workspace.projects[dependency]) {
        seen.add(dependency);
        pending.push(dependency);
      }
    }
  }
  seen.delete(project);
  return [project, ...[...seen].sort()];
}
