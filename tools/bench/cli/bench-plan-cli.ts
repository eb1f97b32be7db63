// cli.plan.turbo.large.ratio_to_floor: `tagdeploy release checkout --dry-run` in a generated
// Turborepo of 1,000 packages (200 apps on 800 libraries, the shape of plan.large) and 50,000
// commits, where checkout was never released (its range is the whole history), against the floor
// any such command pays: `turbo ls --output=json` (turbo reading the package graph) plus one
// `git log --name-only HEAD`. Medians of `runs` interleaved runs, after one warm-up of each side.
// The workspace is generated once and kept between runs (cached-monorepo.ts).
import { printFigure } from '../benchmark';
import { median, runTimed } from '../measure';
import { cachedMonorepo } from './cached-monorepo';
import { log, runCli, runTurbo, seconds, settings } from './run-cli';
import { turboLayout } from './turbo-layout';

const size = { products: 200, libs: 800, commits: 50_000 };
const runs = 5;
export const planFigureIds = ['cli.plan.turbo.large.ratio_to_floor', 'cli.plan.turbo.large.wall_s', 'cli.plan.turbo.large.floor_s'];

export async function benchCliPlan(wants: (id: string) => boolean): Promise<void> {
  const label = `${size.products + size.libs} packages, ${size.commits} commits`;
  const repo = await cachedMonorepo('turbo-large', size, { layout: turboLayout(settings), released: false }, { settings });
  log(`plan: ${repo.generatedMs === undefined ? 'reused' : `generated in ${seconds(repo.generatedMs)}`} ${label} at ${repo.root}`);
  const warm = await runPlan(repo.root, repo.product);
  await runFloor(repo.root, repo.range);
  log(`plan: ${describePlan(warm.stdout, repo.product)}`);
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push((await runPlan(repo.root, repo.product)).ms);
    floor.push(await runFloor(repo.root, repo.range));
  }
  log(`plan: median of ${runs}: release --dry-run ${seconds(median(ours))}, floor ${seconds(median(floor))} (runs: ${ours.map(seconds).join(' ')} | ${floor.map(seconds).join(' ')})`);
  const figures = [
    { id: 'cli.plan.turbo.large.ratio_to_floor', value: median(ours) / median(floor), unit: 'x', target: '<=1.3' },
    { id: 'cli.plan.turbo.large.wall_s', value: median(ours) / 1000, unit: 's' },
    { id: 'cli.plan.turbo.large.floor_s', value: median(floor) / 1000, unit: 's' },
  ];
  for (const figure of figures) if (wants(figure.id)) printFigure(figure);
}

function runPlan(root: string, product: string) {
  return runCli(root, ['release', product, '--dry-run']);
}

async function runFloor(root: string, range: string): Promise<number> {
  const graph = await runTurbo(root, ['ls', '--output=json']);
  const history = await runTimed(root, 'git', ['log', '--name-only', range]);
  return graph.ms + history.ms;
}

/** "checkout: no earlier release → 0.1.0 ..., N commits count": the dry run must have planned a version. */
function describePlan(stdout: string, product: string): string {
  const planned = new RegExp(`^${product}: .*→ (\\d+\\.\\d+\\.\\d+)`, 'm').exec(stdout);
  if (!planned) throw new Error(`The dry run planned no version of ${product}. Its output:\n${stdout.slice(0, 2000)}`);
  const counted = /commits that count \((\d+)\)/.exec(stdout)?.[1] ?? '0';
  return `${product} → ${planned[1]}, ${counted} commits count`;
}
