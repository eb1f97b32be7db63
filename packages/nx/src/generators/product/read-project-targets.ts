// The targets of an existing project as Nx runs them, not only those written in project.json: a
// package.json-only project gets one target per script (and its "nx.targets"), and plugins infer
// more (e.g. @nx/vite's build). The Tree sees only project.json, so the rest is read here.
import { createProjectGraphAsync, readJson, workspaceRoot, type ProjectConfiguration, type TargetConfiguration, type Tree } from '@nx/devkit';

export type ProjectTargets = Record<string, TargetConfiguration>;

/** Reads the inferred targets of a project from the project graph (real workspace only); undefined when it cannot be built. */
export type ReadGraphTargets = (project: string) => Promise<ProjectTargets | undefined>;

/** The project with its written targets, its package.json scripts' targets and, for a target still missing, the project graph's. */
export async function readProjectTargets(tree: Tree, name: string, project: ProjectConfiguration, wanted: string, readGraph: ReadGraphTargets = graphTargets(tree)): Promise<ProjectConfiguration> {
  const targets: ProjectTargets = { ...packageJsonTargets(tree, project.root), ...(project.targets ?? {}) };
  const inferred = targets[wanted] ? undefined : await readGraph(name);
  return { ...project, targets: { ...(inferred ?? {}), ...targets } };
}

/** Where the project's configuration lives, for messages: project.json, else package.json. */
export const projectFileOf = (tree: Tree, root: string): string => (tree.exists(`${root}/project.json`) ? `${root}/project.json` : `${root}/package.json`);

/** What Nx infers from package.json: a target per script (nx:run-script), and the targets of its "nx" field. */
function packageJsonTargets(tree: Tree, root: string): ProjectTargets {
  const file = `${root}/package.json`;
  if (!tree.exists(file)) return {};
  const pkg = readJson(tree, file) as { scripts?: Record<string, string>; nx?: { targets?: ProjectTargets } };
  const scripts = Object.fromEntries(Object.keys(pkg.scripts ?? {}).map((script) => [script, { executor: 'nx:run-script', options: { script } }]));
  return { ...scripts, ...(pkg.nx?.targets ?? {}) };
}

/** The graph only describes the workspace on disk: a virtual Tree (tests) has none. */
function graphTargets(tree: Tree): ReadGraphTargets {
  return async (project) => {
    if (tree.root !== workspaceRoot) return undefined;
    try {
      const graph = await createProjectGraphAsync({ exitOnError: false });
      return graph.nodes[project]?.data.targets;
    } catch {
      return undefined; // a graph that cannot be built leaves the refusal to say what to pass
    }
  };
}
