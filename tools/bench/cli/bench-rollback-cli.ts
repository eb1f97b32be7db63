// cli.rollback.wall_s: `tagdeploy rollback checkout --env staging` as a whole process, in a small
// generated Turborepo (6 packages) whose file store holds two sealed 10-file releases of checkout
// (published straight through the store port, as the Nx rollback benchmark does) that staging
// has run both of, through real `tagdeploy deploy`s. Each measured run is a real rollback
// (1.0.1 → 1.0.0, checked in the env pointer); an untimed deploy puts 1.0.1 back between runs.
// cli.rollback.nx_wall_s (no target): the same cycle through `nx rollback checkout` (daemon off)
// in an Nx workspace of the same shape from the same generator, interleaved with the CLI's runs.
import { rmSync } from 'node:fs';
import { envPointerKey } from '../../../packages/core/src/env/env-state';
import { resolveStore } from '../../../packages/core/src/store/resolve-store';
import { nxBin, nxEnv } from '../../shop/shop-files';
import { printFigure } from '../benchmark';
import { median, runTimed, type TimedRun } from '../measure';
import { generateMonorepo, git, nxLayout, type GeneratedMonorepo, type MonorepoLayout } from '../plan/generate-monorepo';
import { publishSyntheticRelease } from '../rollback/publish-synthetic-release';
import { cliEnv, log, runCli, seconds, settings } from './run-cli';
import { turboLayout } from './turbo-layout';

const runs = 7;
const size = { products: 2, libs: 4, commits: 20 };
const [older, newer] = ['1.0.0', '1.0.1'];

/** One host's way to run an env change in its workspace. */
interface Driver {
  name: string;
  layout: MonorepoLayout;
  run(root: string, action: 'deploy' | 'rollback', args: string[]): Promise<TimedRun>;
}

const cli: Driver = {
  name: 'tagdeploy',
  layout: turboLayout(settings),
  run: (root, action, args) => runCli(root, [action, ...args]),
};

const nx: Driver = {
  name: 'nx',
  layout: nxLayout(settings, 'checkout'),
  run: (root, action, args) =>
    runTimed(root, process.execPath, [nxBin(root), action, ...args, '--outputStyle=static'], { ...cliEnv, ...nxEnv }),
};

export async function benchCliRollback(wants: (id: string) => boolean): Promise<void> {
  const drivers = [cli, ...(wants('cli.rollback.nx_wall_s') ? [nx] : [])];
  const workspaces: { driver: Driver; repo: GeneratedMonorepo; ms: number[] }[] = [];
  try {
    const started = performance.now();
    for (const driver of drivers) {
      const repo = await generateMonorepo(size, { layout: driver.layout, released: false });
      workspaces.push({ driver, repo, ms: [] });
      const store = resolveStore(settings.store, repo.root);
      const commit = git(repo.root, ['rev-parse', 'HEAD']).trim();
      for (const version of [older, newer]) await publishSyntheticRelease(store, { product: repo.product, version, files: 10, commit });
      for (const version of [older, newer]) await deploy(driver, repo, version);
      await rollback(driver, repo); // warm-up: the OS file cache, Nx's project graph cache
      await deploy(driver, repo, newer);
    }
    log(`rollback: prepared ${drivers.map((d) => d.name).join(' and ')} workspaces (${size.products + size.libs} packages, ${older} and ${newer} sealed, staging ran both) in ${seconds(performance.now() - started)}`);
    for (let i = 0; i < runs; i++) {
      for (const workspace of workspaces) {
        workspace.ms.push(await rollback(workspace.driver, workspace.repo));
        await deploy(workspace.driver, workspace.repo, newer);
      }
    }
    for (const { driver, ms } of workspaces) log(`rollback: ${driver.name}, ms per run: ${ms.map(Math.round).join(' ')} (median of ${runs})`);
    const [ours, baseline] = workspaces;
    if (wants('cli.rollback.wall_s')) printFigure({ id: 'cli.rollback.wall_s', value: median(ours.ms) / 1000, unit: 's', target: '<=0.5' });
    if (baseline) printFigure({ id: 'cli.rollback.nx_wall_s', value: median(baseline.ms) / 1000, unit: 's' });
  } finally {
    for (const { repo } of workspaces) {
      if (process.env.TAGDEPLOY_BENCH_KEEP) log(`rollback: kept ${repo.root}`);
      else rmSync(repo.root, { recursive: true, force: true });
    }
  }
}

/** The timed rollback (default target: the previous release), checked in the store. */
async function rollback(driver: Driver, repo: GeneratedMonorepo): Promise<number> {
  const run = await driver.run(repo.root, 'rollback', [repo.product, '--env', 'staging', '--reason', 'bench']);
  await expectPointer(driver, repo, older, 'rollback', run);
  return run.ms;
}

async function deploy(driver: Driver, repo: GeneratedMonorepo, version: string): Promise<void> {
  const run = await driver.run(repo.root, 'deploy', [repo.product, '--env', 'staging', '--release', version]);
  await expectPointer(driver, repo, version, 'deploy', run);
}

/** The env pointer must say the command did what it was asked: a refusal leaves it as it was. */
async function expectPointer(driver: Driver, repo: GeneratedMonorepo, version: string, action: string, run: TimedRun): Promise<void> {
  const found = await resolveStore(settings.store, repo.root).get(envPointerKey(repo.product, 'staging'));
  const pointer = found ? (JSON.parse(found.body.toString('utf8')) as { version: string; action: string }) : undefined;
  if (pointer?.version !== version || pointer.action !== action) {
    throw new Error(`${driver.name} ${action} left staging of ${repo.product} at ${JSON.stringify(pointer)}, expected ${action} to ${version}. Its output:\n${run.stdout.slice(-2000)}`);
  }
}
