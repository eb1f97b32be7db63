// plugin.show_projects_overhead_s: what registering @tagdeploy/nx costs every Nx command of a
// workspace: `nx show projects` with the plugin minus without it, on a generated workspace of
// 1,000 projects (200 products with a tagdeploy.json on 800 libraries), medians of `runs`
// interleaved runs after one warm-up each. Each side has its own copy of the workspace, so that
// each keeps its own warm Nx cache (swapping nx.json would invalidate it on every run).
// For reference it also measures a plugin that does nothing (its createNodes returns nothing and
// it loads no module): what Nx itself charges for any plugin (it starts a worker process per
// plugin), i.e. the floor of this figure: plugin.empty_plugin_overhead_s.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { printFigure, type Benchmark } from '../benchmark';
import { cachedMonorepo } from '../cli/cached-monorepo';
import { median, runTimed } from '../measure';
import { nxLayout, toJson } from '../plan/generate-monorepo';
import { nxBin, nxEnv } from '../plan/run-nx';

const runs = 7;
const size = { products: 200, libs: 800, commits: 200 };
const emptyPlugin = 'tagdeploy-bench-empty-plugin';

type Side = 'plugin' | 'none' | 'empty';

export const pluginBenchmark: Benchmark = {
  idPrefix: 'plugin.',
  async run(wants) {
    const repo = await cachedMonorepo('plugin-1k', size, { layout: nxLayout() }, {});
    log(`plugin: ${size.products + size.libs} projects at ${repo.root}${repo.generatedMs === undefined ? ' (reused)' : ''}`);
    const roots: Record<Side, string> = { plugin: repo.root, none: `${repo.root}-without-plugin`, empty: `${repo.root}-empty-plugin` };
    copyWithNxJson(repo.root, roots.none, { plugins: [] });
    copyWithNxJson(repo.root, roots.empty, { plugins: [emptyPlugin] });
    writeEmptyPlugin(roots.empty);
    const times: Record<Side, number[]> = { plugin: [], none: [], empty: [] };
    const sides = Object.keys(roots) as Side[];
    for (const side of sides) await showProjects(roots[side]); // warm-up: fills each copy's Nx cache
    for (let i = 0; i < runs; i++) for (const side of sides) times[side].push(await showProjects(roots[side]));
    const [withPlugin, without, empty] = [median(times.plugin), median(times.none), median(times.empty)];
    log(`plugin: nx show projects, median of ${runs}: with @tagdeploy/nx ${seconds(withPlugin)}, without ${seconds(without)}, with an empty plugin ${seconds(empty)} (load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`);
    for (const side of sides) log(`plugin: ${side}: ${times[side].map(seconds).join(' ')}`);
    const figures = [
      { id: 'plugin.show_projects_overhead_s', value: (withPlugin - without) / 1000, unit: 's', target: '<=0.05' },
      { id: 'plugin.empty_plugin_overhead_s', value: (empty - without) / 1000, unit: 's' },
      { id: 'plugin.overhead_over_empty_plugin_s', value: (withPlugin - empty) / 1000, unit: 's' },
    ];
    for (const figure of figures) if (wants(figure.id)) printFigure(figure);
  },
};

/** A copy of the workspace's files (not its .nx cache) with another nx.json. */
function copyWithNxJson(from: string, to: string, nxJson: Record<string, unknown>): void {
  if (!existsSync(to)) cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.startsWith(join(from, '.nx')) });
  writeFileSync(join(to, 'nx.json'), toJson({ $schema: './node_modules/nx/schemas/nx-schema.json', ...nxJson }));
}

function writeEmptyPlugin(root: string): void {
  const dir = join(root, 'node_modules', emptyPlugin);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), toJson({ name: emptyPlugin, version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), "exports.createNodesV2 = ['**/tagdeploy.json', (files) => files.map((file) => [file, {}])];\n");
}

async function showProjects(root: string): Promise<number> {
  const run = await runTimed(root, process.execPath, [nxBin(), 'show', 'projects'], nxEnv);
  const count = run.stdout.split('\n').filter(Boolean).length;
  if (count !== size.products + size.libs) throw new Error(`nx show projects listed ${count} projects in ${root}, expected ${size.products + size.libs}`);
  return run.ms;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
