// The npm products an npm product's package names (directly or through each other), in the order
// they must be released: dependencies first. Only npm products are followed; any other workspace
// dependency is left to the release itself, which refuses it with its own message.
import type { ProductConfig } from '../config/config-schema';
import type { Workspace } from '../workspace/workspace';
import { readNpmPackage } from './read-npm-package';
import { readWorkspacePackages } from './read-workspace-packages';
import { readWorkspaceDependencies } from './resolve-published-manifest';

export function resolveNpmReleaseChain(workspace: Workspace, products: Record<string, ProductConfig>, product: string): string[] {
  const packages = readWorkspacePackages(workspace);
  const names = new Set(packages.keys());
  const order: string[] = [];
  const seen = new Set<string>([product]);
  const visit = (project: string) => {
    const pkg = readNpmPackage(project, workspace.root, workspace.projects[project]?.root ?? '');
    for (const dependency of readWorkspaceDependencies(pkg.manifest, names)) {
      const next = packages.get(dependency);
      if (next === undefined || seen.has(next) || products[next]?.kind !== 'npm') continue;
      seen.add(next);
      visit(next);
      order.push(next);
    }
  };
  visit(product);
  return order;
}
