// Plans releases in a generated monorepo (generate-monorepo.ts, the Nx layout) in this process,
// from the pathspec-limited log and from the whole range's, through core's gather and plan, and
// fails when any of the two plans differ: the check that the pathspec plan is the same plan, run
// by the tests on the small and medium workspaces and by the plan benchmarks on the large ones.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePluginOptions, parseProductConfig } from '../../../packages/core/src/config/parse-config';
import type { ProductConfig } from '../../../packages/core/src/config/config-schema';
import { GitCli } from '../../../packages/core/src/git/git-cli';
import { resolveStore } from '../../../packages/core/src/store/resolve-store';
import { planBothWays } from '../../../packages/core/src/release/testing/plan-both-ways';
import type { Workspace } from '../../../packages/core/src/workspace/workspace';

export interface BothWaysReport {
  product: string;
  commits: number;
  affected: number;
}

/** Plans each product both ways; throws on the first pair that differs. */
export async function planGeneratedBothWays(root: string, products: readonly string[]): Promise<BothWaysReport[]> {
  const { workspace, configs } = readGeneratedWorkspace(root);
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as { plugins: Array<{ options?: unknown }> };
  const sources = {
    git: await GitCli.open(root),
    store: resolveStore('file:.tagdeploy/store', root),
    workspace,
    products: configs,
    options: parsePluginOptions(nxJson.plugins[0]?.options),
    today: '2026-01-01',
  };
  const reports: BothWaysReport[] = [];
  for (const product of products) {
    const { pathspec, full, pathspecReads } = await planBothWays({ product }, sources);
    if (JSON.stringify(pathspec) !== JSON.stringify(full)) {
      throw new Error(`The pathspec plan of ${product} in ${root} differs from the whole-range plan:\n${JSON.stringify(pathspec).slice(0, 800)}\n${JSON.stringify(full).slice(0, 800)}`);
    }
    if (pathspecReads.length !== 1 || !pathspecReads[0]?.length) throw new Error(`The pathspec plan of ${product} read git log ${pathspecReads.length} times, not once with paths.`);
    reports.push({ product, commits: pathspec.commits.length, affected: pathspec.affectedProducts.length });
  }
  return reports;
}

/** The Workspace model and the product configs of the Nx layout: apps/* and libs/*, each with a project.json. */
export function readGeneratedWorkspace(root: string): { workspace: Workspace; configs: Record<string, ProductConfig> } {
  const projects: Workspace['projects'] = {};
  const configs: Record<string, ProductConfig> = {};
  for (const folder of ['apps', 'libs']) {
    for (const name of readdirSync(join(root, folder))) {
      const projectRoot = `${folder}/${name}`;
      const project = JSON.parse(readFileSync(join(root, projectRoot, 'project.json'), 'utf8')) as { name: string; implicitDependencies?: string[] };
      projects[project.name] = { name: project.name, root: projectRoot, dependencies: project.implicitDependencies ?? [], targets: [] };
      if (folder === 'apps') configs[project.name] = parseProductConfig(JSON.parse(readFileSync(join(root, projectRoot, 'tagdeploy.json'), 'utf8')), `${projectRoot}/tagdeploy.json`);
    }
  }
  return { workspace: { root, projects }, configs };
}
