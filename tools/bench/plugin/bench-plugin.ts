// plugin.show_projects_overhead_s: what registering @tagdeploy/nx costs every Nx command of a
// workspace: `nx show projects` with the plugin minus without it, on a generated workspace of
// 1,000 projects (200 products with a tagdeploy.json on 800 libraries), medians of `runs`
// interleaved runs after one warm-up each. Each side has its own copy of the workspace, so that
// each keeps its own warm Nx cache (swapping nx.json would invalidate it on every run).
// For reference it also measures a plugin that does nothing (its createNodes returns nothing and
// it loads no module): what Nx itself charges for any plugin (it starts a worker process per
// plugin), i.e. the floor of this figure: plugin.empty_plugin_overhead_s. And a plugin that
// returns, from a JSON file, exactly the nodes ours computes: what Nx charges for taking in our
// targets (plugin.same_nodes_overhead_s), so that ours minus it is what our own code costs.
import { execFileSync } from 'node:child_process';
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
const staticPlugin = 'tagdeploy-bench-static-plugin';

type Side = 'plugin' | 'none' | 'empty' | 'static';

export const pluginBenchmark: Benchmark = {
  idPrefix: 'plugin.',
  async run(wants) {
    const repo = await cachedMonorepo('plugin-1k', size, { layout: nxLayout() }, {});
    log(`plugin: ${size.products + size.libs} projects at ${repo.root}${repo.generatedMs === undefined ? ' (reused)' : ''}`);
    const roots: Record<Side, string> = { plugin: repo.root, none: `${repo.root}-without-plugin`, empty: `${repo.root}-empty-plugin`, static: `${repo.root}-static-plugin` };
    copyWithNxJson(repo.root, roots.none, { plugins: [] });
    copyWithNxJson(repo.root, roots.empty, { plugins: [emptyPlugin] });
    writePlugin(roots.empty, emptyPlugin, "exports.createNodesV2 = ['**/tagdeploy.json', (files) => files.map((file) => [file, {}])];\n");
    copyWithNxJson(repo.root, roots.static, { plugins: [staticPlugin] });
    writePlugin(roots.static, staticPlugin, "const nodes = require('./nodes.json');\nexports.createNodesV2 = ['**/tagdeploy.json', (files) => files.map((file) => [file, nodes[file] ?? {}])];\n");
    writeFileSync(join(roots.static, 'node_modules', staticPlugin, 'nodes.json'), ourNodes(repo.root));
    const times: Record<Side, number[]> = { plugin: [], none: [], empty: [], static: [] };
    const cpu: Record<Side, number[]> = { plugin: [], none: [], empty: [], static: [] };
    const sides = Object.keys(roots) as Side[];
    for (const side of sides) await showProjects(roots[side]); // warm-up: fills each copy's Nx cache
    for (let i = 0; i < runs; i++) {
      for (const side of sides) {
        const run = await showProjects(roots[side]);
        times[side].push(run.ms);
        cpu[side].push(run.cpuMs);
      }
    }
    const [withPlugin, without, empty, same] = [median(times.plugin), median(times.none), median(times.empty), median(times.static)];
    log(`plugin: nx show projects, median of ${runs}: with @tagdeploy/nx ${seconds(withPlugin)}, without ${seconds(without)}, with an empty plugin ${seconds(empty)}, with a plugin returning the same nodes from a file ${seconds(same)} (load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`);
    for (const side of sides) log(`plugin: ${side}: ${times[side].map(seconds).join(' ')} (CPU ${cpu[side].map(seconds).join(' ')})`);
    const figures = [
      { id: 'plugin.show_projects_overhead_s', value: (withPlugin - without) / 1000, unit: 's', target: '<=0.05' },
      { id: 'plugin.empty_plugin_overhead_s', value: (empty - without) / 1000, unit: 's' },
      { id: 'plugin.overhead_over_empty_plugin_s', value: (withPlugin - empty) / 1000, unit: 's' },
      { id: 'plugin.same_nodes_overhead_s', value: (same - without) / 1000, unit: 's' },
      { id: 'plugin.overhead_over_same_nodes_s', value: (withPlugin - same) / 1000, unit: 's' },
      // The same difference in CPU time (user + system of nx and its plugin workers): steadier on a loaded machine.
      { id: 'plugin.show_projects_overhead_cpu_s', value: (median(cpu.plugin) - median(cpu.none)) / 1000, unit: 's' },
      { id: 'plugin.overhead_over_same_nodes_cpu_s', value: (median(cpu.plugin) - median(cpu.static)) / 1000, unit: 's' },
    ];
    for (const figure of figures) if (wants(figure.id)) printFigure(figure);
  },
};

/** A copy of the workspace's files (not its .nx cache) with another nx.json. */
function copyWithNxJson(from: string, to: string, nxJson: Record<string, unknown>): void {
  if (!existsSync(to)) cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.startsWith(join(from, '.nx')) });
  writeFileSync(join(to, 'nx.json'), toJson({ $schema: './node_modules/nx/schemas/nx-schema.json', ...nxJson }));
}

function writePlugin(root: string, name: string, code: string): void {
  const dir = join(root, 'node_modules', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), toJson({ name, version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), code);
}

/** The nodes @tagdeploy/nx gives for the workspace's tagdeploy.json files, by file, as JSON. */
function ourNodes(root: string): string {
  const script = `
    const { createNodesV2 } = require('@tagdeploy/nx');
    const nxJson = require('./nx.json');
    const { options } = nxJson.plugins.find((p) => p.plugin === '@tagdeploy/nx');
    const files = require('node:child_process').execFileSync('git', ['ls-files', '*tagdeploy.json'], { encoding: 'utf8' }).split('\\n').filter(Boolean);
    const results = createNodesV2[1](files, options, { workspaceRoot: process.cwd(), nxJsonConfiguration: nxJson });
    process.stdout.write(JSON.stringify(Object.fromEntries(results)));`;
  return execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

async function showProjects(root: string): Promise<{ ms: number; cpuMs: number }> {
  const run = await runTimed(root, process.execPath, [nxBin(), 'show', 'projects'], nxEnv, { cpu: true });
  const count = run.stdout.split('\n').filter(Boolean).length;
  if (count !== size.products + size.libs) throw new Error(`nx show projects listed ${count} projects in ${root}, expected ${size.products + size.libs}`);
  return { ms: run.ms, cpuMs: run.cpuMs ?? 0 };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
