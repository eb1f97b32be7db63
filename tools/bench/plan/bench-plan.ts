// plan.<size>.ratio_to_floor: `nx release-product app-0 --dry-run` against the floor any such
// command pays (Nx computing the project graph + one `git log --name-only` over the same range),
// on synthetic workspaces of three sizes. Medians of `runs` interleaved runs each.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { printFigure, type Benchmark } from '../benchmark';
import { median, runTimed } from '../measure';
import { generateMonorepo, type GeneratedMonorepo, type MonorepoSize } from './generate-monorepo';

interface PlanSize extends MonorepoSize {
  name: string;
  target?: string;
}

const sizes: PlanSize[] = [
  { name: 'small', products: 10, libs: 20, commits: 1_000 },
  { name: 'medium', products: 50, libs: 150, commits: 10_000 },
  { name: 'large', products: 200, libs: 800, commits: 50_000, target: '<=1.3' },
];
const runs = 5;

const nxEnv: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

export const planBenchmark: Benchmark = {
  idPrefix: 'plan.',
  async run(wants) {
    for (const size of sizes) {
      const id = `plan.${size.name}.ratio_to_floor`;
      if (wants(id)) await benchSize(id, size);
    }
  },
};

async function benchSize(id: string, size: PlanSize): Promise<void> {
  const label = `${size.name} (${size.products} products, ${size.libs} libs, ${size.commits} commits)`;
  const started = performance.now();
  const repo = await generateMonorepo(size);
  log(`plan.${size.name}: generated ${label} in ${seconds(performance.now() - started)} at ${repo.root}`);
  try {
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
    for (let i = 0; i < runs; i++) {
      ours.push((await runPlan(repo)).ms);
      floor.push(await runFloor(repo));
    }
    const ratio = median(ours) / median(floor);
    log(`plan.${size.name}: median of ${runs}: release-product --dry-run ${seconds(median(ours))}, floor ${seconds(median(floor))} (runs: ${ours.map(seconds).join(' ')} | ${floor.map(seconds).join(' ')})`);
    printFigure({ id, value: ratio, unit: 'x', target: size.target });
  } finally {
    if (process.env.TAGDEPLOY_BENCH_KEEP) log(`plan.${size.name}: kept ${repo.root}`);
    else rmSync(repo.root, { recursive: true, force: true });
  }
}

function runPlan(repo: GeneratedMonorepo) {
  return runTimed(repo.root, process.execPath, [nxBin(), 'release-product', repo.product, '--dry-run'], nxEnv);
}

/** The floor: the project graph (what `nx show projects` computes) plus the range's git log. */
async function runFloor(repo: GeneratedMonorepo): Promise<number> {
  const graph = await runTimed(repo.root, process.execPath, [nxBin(), 'show', 'projects'], nxEnv);
  const history = await runTimed(repo.root, 'git', ['log', '--name-only', `${repo.tag}..HEAD`]);
  return graph.ms + history.ms;
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

let resolvedNxBin: string | undefined;

/** nx's CLI entry, from the nx that this repository installs (its package.json "bin"). */
function nxBin(): string {
  if (resolvedNxBin) return resolvedNxBin;
  const manifest = require.resolve('nx/package.json', { paths: [resolve(__dirname, '../../..')] });
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { nx: string } }).bin.nx;
  resolvedNxBin = join(dirname(manifest), bin);
  return resolvedNxBin;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
