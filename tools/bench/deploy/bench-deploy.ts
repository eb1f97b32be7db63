// deploy.store_size_ratio: `nx deploy checkout --env=staging` without --release (the newest
// sealed release) in a store holding 200 sealed releases of checkout against one holding 2,
// each release 50 files (10,000 files in the larger store), on the file store of a prepared copy
// of examples/shop. Each measured run deploys the newest release after an unmeasured deploy of
// the one before it, so that every measured run switches the env. Medians of `runs`
// interleaved runs, after one warm-up each.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStore } from '../../../packages/core/src/store/resolve-store';
import { copyShopSources, initShopRepo, installShop, nxBin, nxEnv, packTagdeploy } from '../../shop/shop-files';
import { printFigure, type Benchmark } from '../benchmark';
import { median, runTimed } from '../measure';
import { publishSyntheticRelease } from '../rollback/publish-synthetic-release';

const runs = 7;
const filesPerRelease = 50;
const stores = [
  { name: 'few', releases: 2 },
  { name: 'many', releases: 200 },
] as const;

export const deployBenchmark: Benchmark = {
  idPrefix: 'deploy.',
  async run() {
    const work = mkdtempSync(join(tmpdir(), 'tagdeploy-bench-deploy-'));
    try {
      const shops = new Map<string, { dir: string; newest: string; before: string }>();
      for (const store of stores) {
        const dir = join(work, store.name);
        copyShopSources(dir);
        const installed = shops.values().next().value?.dir;
        if (installed) symlinkSync(join(installed, 'node_modules'), join(dir, 'node_modules'), 'dir');
        else installShop(dir, packTagdeploy(join(work, 'packs')));
        initShopRepo(dir, join(work, `${store.name}-remote.git`));
        const objects = resolveStore('file:.tagdeploy/store', dir);
        const versions = Array.from({ length: store.releases }, (_, i) => `1.0.${i}`);
        for (const version of versions) await publishSyntheticRelease(objects, { product: 'checkout', version, files: filesPerRelease });
        shops.set(store.name, { dir, newest: versions[versions.length - 1], before: versions[versions.length - 2] });
      }
      log(`prepared ${stores.map((s) => `${s.releases} sealed releases`).join(' and ')} of ${filesPerRelease} files in ${work}`);
      const times = new Map<string, number[]>(stores.map((store) => [store.name, []]));
      const cpu = new Map<string, number[]>(stores.map((store) => [store.name, []]));
      for (let i = -1; i < runs; i++) {
        for (const store of stores) {
          const shop = shops.get(store.name) as { dir: string; newest: string; before: string };
          await deploy(shop.dir, [`--release=${shop.before}`], `→ ${shop.before}`);
          const run = await deploy(shop.dir, [], `→ ${shop.newest}`);
          if (i >= 0) times.get(store.name)?.push(run.ms); // the first round warms Nx's cache and the OS's
          if (i >= 0) cpu.get(store.name)?.push(run.cpuMs ?? 0);
        }
      }
      const [few, many] = stores.map((store) => median(times.get(store.name) as number[]));
      log(`median of ${runs}: ${seconds(few)} with 2 releases, ${seconds(many)} with 200 (runs: ${stores.map((s) => (times.get(s.name) as number[]).map(seconds).join(' ')).join(' | ')}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores)`);
      const [fewCpu, manyCpu] = stores.map((store) => median(cpu.get(store.name) as number[]));
      log(`CPU time (user + system of nx and its processes), median of ${runs}: ${seconds(fewCpu)} with 2 releases, ${seconds(manyCpu)} with 200`);
      printFigure({ id: 'deploy.store_size_ratio', value: many / few, unit: 'x', target: '<=1.1' });
      printFigure({ id: 'deploy.store_size_cpu_ratio', value: manyCpu / fewCpu, unit: 'x' });
      printFigure({ id: 'deploy.newest_wall_s', value: many / 1000, unit: 's' });
    } finally {
      if (process.env.TAGDEPLOY_BENCH_KEEP) log(`kept ${work}`);
      else rmSync(work, { recursive: true, force: true });
    }
  },
};

async function deploy(shop: string, flags: string[], expected: string) {
  const args = ['deploy', 'checkout', '--env=staging', ...flags, '--outputStyle=static'];
  const run = await runTimed(shop, process.execPath, [nxBin(shop), ...args], { ...process.env, ...nxEnv, TAGDEPLOY_ACTOR: 'bench' }, { cpu: true });
  if (!run.stdout.includes(expected)) throw new Error(`nx ${args.join(' ')} did not print "${expected}". Its output:\n${run.stdout.slice(-3000)}`);
  return run;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

function log(message: string): void {
  process.stderr.write(`deploy: ${message}\n`);
}
