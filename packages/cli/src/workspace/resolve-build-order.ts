// The order a plain workspace builds a product in: its workspace dependencies that have the same
// script first (each after its own dependencies), the product last. Package managers run one
// package's script alone, while the product bundles what its dependencies built: without this a
// release would ship whatever an earlier build left in their dist folders.
import type { Workspace } from '@tagdeploy/core';

export function resolveBuildOrder(workspace: Workspace, product: string, script: string): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (order.includes(name) || visiting.has(name)) return; // a cycle builds in the order first met
    visiting.add(name);
    for (const dependency of [...(workspace.projects[name]?.dependencies ?? [])].sort()) visit(dependency);
    visiting.delete(name);
    if (name === product || workspace.projects[name]?.targets.includes(script)) order.push(name);
  };
  visit(product);
  return order;
}
