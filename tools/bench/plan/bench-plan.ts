// plan.<size>.ratio_to_floor: `nx release-product app-0 --dry-run` against the floor of the
// design before pathspecs (Nx computing the project graph, what `nx show projects` does, plus one
// `git log --name-only` over the same range), on synthetic workspaces of four sizes. Medians of
// `runs` interleaved runs each. Before timing, the large sizes check in this process that the
// pathspec plan equals the whole-range plan for a few products (plan-generated-both-ways.ts).
// The workspaces are generated once and kept between runs (cli/cached-monorepo.ts).
// plan.<size>.cold_ratio_to_floor (large and xl): the same, with the commit files cache
// (packages/core/src/git/commit-files-cache.ts) removed before each run of ours, as on a fresh
// clone's first plan: every plan after it is the warm figure.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { printFigure, type Benchmark } from '../benchmark';
import { cachedMonorepo } from '../cli/cached-monorepo';
import { median, runTimed } from '../measure';
import type { GeneratedMonorepo, MonorepoSize } from './generate-monorepo';
import { commitFilesCachePath } from '../../../packages/core/src/git/commit-files-cache';
import { planGeneratedBothWays } from './plan-generated-both-ways';
import { nxBin, nxEnv } from './run-nx';

interface PlanSize extends MonorepoSize {
  name: string;
  target?: string;
  /** Products whose pathspec plan is checked against the whole-range plan before timing. */
  check?: string[];
  /** Also time the first plan of a fresh clone (no commit files cache). */
  cold?: boolean;
}

const sizes: PlanSize[] = [
  { name: 'small', products: 10, libs: 20, commits: 1_000 },
  { name: 'medium', products: 50, libs: 150, commits: 10_000 },
  { name: 'large', products: 200, libs: 800, commits: 50_000, target: '<=0.7', check: ['app-0', 'app-2', 'app-3'], cold: true },
  { name: 'xl', products: 400, libs: 1_600, commits: 100_000, target: '<=0.7', check: ['app-0'], cold: true },
];
const runs = 5;

export const planBenchmark: Benchmark = {
  idPrefix: 'plan.',
  async run(wants) {
    for (const size of sizes) {
      const id = `plan.${size.name}.ratio_to_floor`;
      const coldId = `plan.${size.name}.cold_ratio_to_floor`;
      if (wants(id) || (size.cold && wants(coldId))) await benchSize(id, size, size.cold && wants(coldId) ? coldId : null);
    }
  },
};

async function benchSize(id: string, size: PlanSize, coldId: string | null): Promise<void> {
  const label = `${size.name} (${size.products} products, ${size.libs} libs, ${size.commits} commits)`;
  const repo = await cachedMonorepo(`plan-${size.name}`, { products: size.products, libs: size.libs, commits: size.commits }, {}, {});
  log(`plan.${size.name}: ${label} ${repo.generatedMs === undefined ? 'reused' : `generated in ${seconds(repo.generatedMs)}`} at ${repo.root}`);
  {
    if (size.check) {
      const checked = await planGeneratedBothWays(repo.root, size.check);
      log(`plan.${size.name}: pathspec plan = whole-range plan for ${checked.map((c) => `${c.product} (${c.commits} commits)`).join(', ')}`);
    }
    // Nx (daemon off) caches the project graph and file hashes in .nx/workspace-data and reuses
    // them on the next run. One warm-up of each side fills that cache, so that every measured run,
    // ours and the floor's alike, starts from the same warm cache. Neither command changes a file
    // Nx hashes (a dry run writes nothing), so the cache stays equally warm for both; the runs are
    // interleaved so that drift on a shared machine hits both sides alike.
    const warm = await runPlan(repo);
    await runFloor(repo);
    log(`plan.${size.name}: ${describePlan(warm.stdout, repo.product)}`);
    const ours: number[] = [];
    const floor: number[] = [];
    const oursCpu: number[] = [];
    const floorCpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const plan = await runPlan(repo);
      ours.push(plan.ms);
      oursCpu.push(plan.cpuMs ?? 0);
      const base = await runFloor(repo);
      floor.push(base.ms);
      floorCpu.push(base.cpuMs);
    }
    report(size, 'warm', ours, floor);
    report(size, 'warm, CPU time', oursCpu, floorCpu);
    printFigure({ id, value: median(ours) / median(floor), unit: 'x', target: size.target });
    // The same ratio in CPU time (user + system of every process): steadier on a loaded machine.
    printFigure({ id: `plan.${size.name}.cpu_ratio_to_floor`, value: median(oursCpu) / median(floorCpu), unit: 'x' });
    if (coldId === null) return;
    const cold: number[] = [];
    const coldFloor: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      rmSync(commitFilesCachePath(join(repo.root, '.git')), { force: true });
      cold.push((await runPlan(repo)).ms);
      coldFloor.push((await runFloor(repo)).ms);
    }
    report(size, 'cold', cold, coldFloor);
    printFigure({ id: coldId, value: median(cold) / median(coldFloor), unit: 'x' });
  }
}

const coldRuns = 3;

function report(size: PlanSize, kind: string, ours: number[], floor: number[]): void {
  log(`plan.${size.name}: ${kind}, median of ${ours.length}: release-product --dry-run ${seconds(median(ours))}, floor ${seconds(median(floor))} (runs: ${ours.map(seconds).join(' ')} | ${floor.map(seconds).join(' ')}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`);
}

function runPlan(repo: GeneratedMonorepo) {
  return runTimed(repo.root, process.execPath, [nxBin(), 'release-product', repo.product, '--dry-run'], nxEnv, { cpu: true });
}

/** The floor: the project graph (what `nx show projects` computes) plus the range's git log. */
async function runFloor(repo: GeneratedMonorepo): Promise<{ ms: number; cpuMs: number }> {
  const graph = await runTimed(repo.root, process.execPath, [nxBin(), 'show', 'projects'], nxEnv, { cpu: true });
  const history = await runTimed(repo.root, 'git', ['log', '--name-only', `${repo.tag}..HEAD`], process.env, { cpu: true });
  return { ms: graph.ms + history.ms, cpuMs: (graph.cpuMs ?? 0) + (history.cpuMs ?? 0) };
}

/** The plan's headline and commit count, and a check that the dry run planned a version. */
function describePlan(stdout: string, product: string): string {
  const lines = stdout.split('\n').map((line) => line.trim());
  const headline = lines.find((line) => line.startsWith(`${product}: `));
  const counted = lines.find((line) => line.startsWith('commits that count'));
  if (!headline || !/\d+\.\d+\.\d+/.test(headline)) {
    throw new Error(`The dry run printed no plan with a version for ${product}. Its output:\n${stdout.slice(0, 2000)}`);
  }
  return counted ? `${headline} | ${counted}` : headline;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
