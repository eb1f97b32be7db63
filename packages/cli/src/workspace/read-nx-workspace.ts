// The Nx project graph, from the workspace's own nx (`nx graph --file`, no daemon), as core's
// Workspace model; and the @tagdeploy/nx plugin options in nx.json, for when there is no
// tagdeploy.config.json.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TagdeployError, type Workspace } from '@tagdeploy/core';
import { firstErrorLine } from './first-error-line';
import { readJsonFile } from './read-json-file';
import { nxEnv, resolveNxBin } from './resolve-nx-bin';
import { runTool } from './run-tool';

const pluginName = '@tagdeploy/nx';

interface GraphFile {
  graph: {
    nodes: Record<string, { data: { root: string; targets?: Record<string, unknown> } }>;
    dependencies: Record<string, { target: string }[]>;
  };
}

export async function readNxWorkspace(root: string): Promise<Workspace> {
  const graph = (await readGraphFile(root)).graph;
  const projects: Workspace['projects'] = {};
  for (const [name, node] of Object.entries(graph.nodes)) {
    projects[name] = {
      name,
      root: node.data.root === '.' ? '' : node.data.root.replace(/\\/g, '/').replace(/\/$/, ''),
      dependencies: [...new Set((graph.dependencies[name] ?? []).map((edge) => edge.target))].filter((target) => target in graph.nodes && target !== name),
      targets: Object.keys(node.data.targets ?? {}),
    };
  }
  return { root, projects };
}

/** The options of the @tagdeploy/nx entry in nx.json's plugins, as written (unvalidated); undefined when there are none. */
export function readNxPluginOptions(root: string): unknown {
  return nxPluginOptionsOf(readJsonFile(join(root, 'nx.json'), 'nx.json', { comments: true }));
}

/** The @tagdeploy/nx options in a parsed nx.json. */
export function nxPluginOptionsOf(nxJson: unknown): unknown {
  const plugins = typeof nxJson === 'object' && nxJson !== null ? (nxJson as { plugins?: unknown }).plugins : undefined;
  if (!Array.isArray(plugins)) return undefined;
  const entry: unknown = plugins.find((plugin: unknown) => (typeof plugin === 'string' ? plugin : (plugin as { plugin?: unknown } | null)?.plugin) === pluginName);
  return typeof entry === 'object' && entry !== null ? (entry as { options?: unknown }).options : undefined;
}

async function readGraphFile(root: string): Promise<GraphFile> {
  const nx = resolveNxBin(root);
  const folder = await mkdtemp(join(tmpdir(), 'tagdeploy-nx-graph-'));
  const file = join(folder, 'graph.json');
  try {
    const run = await runTool(process.execPath, [nx, 'graph', `--file=${file}`], { cwd: root, env: nxEnv(process.env), output: 'capture' });
    if (run.code !== 0) {
      throw new TagdeployError('WORKSPACE_UNREADABLE', `nx graph failed in ${root}: ${firstErrorLine(run.stderr || run.stdout)}. Fix that (run "nx graph --file=graph.json" there for the whole output) and run tagdeploy again.`);
    }
    return JSON.parse(await readFile(file, 'utf8')) as GraphFile;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
