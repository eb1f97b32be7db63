// Maps the Nx project graph to core's Workspace model (projects, roots, dependency edges).
import type { ProjectGraph } from '@nx/devkit';
import type { Workspace } from '@tagdeploy/core';

export function readWorkspace(graph: ProjectGraph, root: string): Workspace {
  const projects: Workspace['projects'] = {};
  for (const [name, node] of Object.entries(graph.nodes)) {
    projects[name] = {
      name,
      root: node.data.root === '.' ? '' : node.data.root.replace(/\\/g, '/').replace(/\/$/, ''),
      dependencies: (graph.dependencies[name] ?? []).map((edge) => edge.target).filter((target) => target in graph.nodes),
      targets: Object.keys(node.data.targets ?? {}),
    };
  }
  return { root, projects };
}
