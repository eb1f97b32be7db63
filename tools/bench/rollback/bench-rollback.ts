// rollback.*, deploy.*, promote.*: wall time of the real `nx rollback|promote|deploy checkout`
// (Nx start-up included, daemon off) on the file store of a prepared copy of examples/shop.
// Two pairs of sealed checkout releases, 10 files and 10,000 files, are published straight
// through the store port (publish-synthetic-release.ts) instead of built with Vite.
//   rollback.size_ratio   median rollback between the 10,000-file releases / between the 10-file ones
//   rollback.wall_s       median rollback between the 10,000-file releases
//   rollback.deploy_wall_s, rollback.promote_wall_s (10 files) and rollback.deploy_10k_files_wall_s,
//   rollback.promote_10k_files_wall_s (the same for deploy and promote, under this benchmark's prefix):
//                         deploy and promote verify every file of the release (a head each), so
//                         they grow with the file count; rollback does not verify.
// Each measured cycle: rollback production (new → old), promote it back (staging runs new), deploy
// staging old, deploy staging new. `runs` measured cycles per size, the sizes interleaved (each in
// its own copy of the shop), after one warm-up cycle each.
// The deploy/promote figures come from the same cycles, so `npm run bench -- rollback` prints them too.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStore } from '../../../packages/core/src/store/resolve-store';
import { copyShopSources, initShopRepo, installShop, nxBin, nxEnv, packTagdeploy } from '../../shop/shop-files';
import { printFigure, type Benchmark } from '../benchmark';
import { median, runTimed } from '../measure';
import { publishSyntheticRelease } from './publish-synthetic-release';

const runs = 7;
const sizes = [
  { name: 'small', files: 10, old: '1.0.0', new: '1.0.1' },
  { name: '10k_files', files: 10_000, old: '2.0.0', new: '2.0.1' },
] as const;
type Size = (typeof sizes)[number];
const approve = ['--approve', '--approved-by=bench'];

interface Timings {
  rollback: number[];
  promote: number[];
  deploy: number[];
}

export const rollbackBenchmark: Benchmark = {
  idPrefix: 'rollback.',
  async run() {
    const started = performance.now();
    const work = mkdtempSync(join(tmpdir(), 'tagdeploy-bench-rollback-'));
    try {
      // One workspace per size (the second shares the first's node_modules), so that the sizes can
      // be measured interleaved: drift on a shared machine then hits both alike.
      const shops = new Map<Size['name'], string>();
      for (const size of sizes) {
        const shop = join(work, size.name);
        copyShopSources(shop);
        const installed = shops.values().next().value;
        if (installed) symlinkSync(join(installed, 'node_modules'), join(shop, 'node_modules'), 'dir');
        else installShop(shop, packTagdeploy(join(work, 'packs')));
        initShopRepo(shop, join(work, `${size.name}-remote.git`));
        const store = resolveStore('file:.tagdeploy/store', shop);
        for (const version of [size.old, size.new]) await publishSyntheticRelease(store, { product: 'checkout', version, files: size.files });
        shops.set(size.name, shop);
      }
      log(`prepared checkout ${sizes.map((s) => `${s.old}/${s.new} (${s.files} files)`).join(', ')} in ${work} in ${seconds(performance.now() - started)}`);

      const timings = new Map<Size['name'], Timings>(sizes.map((size) => [size.name, { rollback: [], promote: [], deploy: [] }]));
      for (const size of sizes) {
        await bringUp(shops.get(size.name) as string, size);
        await cycle(shops.get(size.name) as string, size); // warm-up: Nx's project graph cache, the OS file cache
      }
      const floor: number[] = [];
      for (let i = 0; i < runs; i++) {
        for (const size of sizes) {
          const shop = shops.get(size.name) as string;
          const one = await cycle(shop, size);
          const t = timings.get(size.name) as Timings;
          t.rollback.push(one.rollback);
          t.promote.push(one.promote);
          t.deploy.push(...one.deploy);
          floor.push((await runTimed(shop, process.execPath, [nxBin(shop), 'show', 'projects'], { ...process.env, ...nxEnv })).ms);
        }
      }
      for (const size of sizes) {
        const t = timings.get(size.name) as Timings;
        log(`${size.name} (${size.files} files), ms per run: rollback ${list(t.rollback)} | promote ${list(t.promote)} | deploy ${list(t.deploy)}`);
      }
      log(`floor: "nx show projects" (Nx start-up and project graph) median ${seconds(median(floor))} of ${floor.length}`);

      const small = timings.get('small') as Timings;
      const large = timings.get('10k_files') as Timings;
      log(`medians of ${runs} runs (deploy: ${runs * 2}), Nx start-up included`);
      printFigure({ id: 'rollback.size_ratio', value: median(large.rollback) / median(small.rollback), unit: 'x', target: '<=1.1' });
      printFigure({ id: 'rollback.wall_s', value: median(large.rollback) / 1000, unit: 's', target: '<=2' });
      printFigure({ id: 'rollback.deploy_wall_s', value: median(small.deploy) / 1000, unit: 's' });
      printFigure({ id: 'rollback.deploy_10k_files_wall_s', value: median(large.deploy) / 1000, unit: 's' });
      printFigure({ id: 'rollback.promote_wall_s', value: median(small.promote) / 1000, unit: 's' });
      printFigure({ id: 'rollback.promote_10k_files_wall_s', value: median(large.promote) / 1000, unit: 's' });
    } finally {
      if (process.env.TAGDEPLOY_BENCH_KEEP) log(`kept ${work}`);
      else rmSync(work, { recursive: true, force: true });
    }
  },
};

/** Staging and production both end on the size's new release, with the old one in their history. */
async function bringUp(shop: string, size: Size): Promise<void> {
  for (const version of [size.old, size.new]) {
    await nx(shop, ['deploy', 'checkout', '--env=staging', `--release=${version}`], `Deployed checkout in staging: `);
    await nx(shop, ['promote', 'checkout', '--to=production', ...approve], `Promoted (from staging) checkout in production: `);
  }
}

/** One measured cycle; the env ends where it started (both on the new release). */
async function cycle(shop: string, size: Size): Promise<{ rollback: number; promote: number; deploy: number[] }> {
  const rollback = await nx(shop, ['rollback', 'checkout', '--env=production', '--reason=bench', ...approve], `Rolled back checkout in production: ${size.new} → ${size.old}`);
  const promote = await nx(shop, ['promote', 'checkout', '--to=production', ...approve], `Promoted (from staging) checkout in production: ${size.old} → ${size.new}`);
  const deployOld = await nx(shop, ['deploy', 'checkout', '--env=staging', `--release=${size.old}`], `Deployed checkout in staging: ${size.new} → ${size.old}`);
  const deployNew = await nx(shop, ['deploy', 'checkout', '--env=staging', `--release=${size.new}`], `Deployed checkout in staging: ${size.old} → ${size.new}`);
  return { rollback, promote, deploy: [deployOld, deployNew] };
}

/** Runs one nx command, checks that it did what the cycle expects, and returns its wall time. */
async function nx(shop: string, args: string[], expected: string): Promise<number> {
  const run = await runTimed(shop, process.execPath, [nxBin(shop), ...args, '--outputStyle=static'], {
    ...process.env,
    ...nxEnv,
    TAGDEPLOY_ACTOR: 'bench',
  });
  if (!run.stdout.includes(expected)) throw new Error(`nx ${args.join(' ')} did not print "${expected}". Its output:\n${run.stdout.slice(-3000)}`);
  return run.ms;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (values: number[]) => values.map((ms) => Math.round(ms)).join(' ');

function log(message: string): void {
  process.stderr.write(`rollback: ${message}\n`);
}
