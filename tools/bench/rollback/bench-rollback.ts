// rollback.*, deploy.*, promote.*: wall time of the real `nx rollback|promote|deploy checkout`
// (Nx start-up included, daemon off) on the file store of a prepared copy of examples/shop.
// Two pairs of sealed checkout releases, 10 files and 10,000 files, are published straight
// through the store port (publish-synthetic-release.ts) instead of built with Vite.
//   rollback.size_ratio   median rollback between the 10,000-file releases / between the 10-file ones
//   rollback.wall_s       median rollback between the 10,000-file releases
//   deploy.wall_s, promote.wall_s (10 files) and deploy.10k_files.wall_s, promote.10k_files.wall_s:
//                         deploy and promote verify every file of the release (a head each), so
//                         they grow with the file count; rollback does not verify.
// Each measured cycle: rollback production (new → old), promote it back (staging runs new), deploy
// staging old, deploy staging new. `runs` measured cycles per size after one warm-up cycle.
// The deploy/promote figures come from the same cycles, so `npm run bench -- rollback` prints them too.
import { mkdtempSync, rmSync } from 'node:fs';
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
    const shop = join(work, 'shop');
    try {
      copyShopSources(shop);
      installShop(shop, packTagdeploy(join(work, 'packs')));
      initShopRepo(shop, join(work, 'remote.git'));
      const store = resolveStore('file:.tagdeploy/store', shop);
      for (const size of sizes) {
        for (const version of [size.old, size.new]) await publishSyntheticRelease(store, { product: 'checkout', version, files: size.files });
      }
      log(`prepared ${shop} with checkout ${sizes.map((s) => `${s.old}/${s.new} (${s.files} files)`).join(', ')} in ${seconds(performance.now() - started)}`);

      const floor: number[] = [];
      const bySize = new Map<Size['name'], Timings>();
      for (const size of sizes) {
        await bringUp(shop, size);
        await cycle(shop, size); // warm-up: Nx's project graph cache, the OS file cache
        const timings: Timings = { rollback: [], promote: [], deploy: [] };
        for (let i = 0; i < runs; i++) {
          const one = await cycle(shop, size);
          timings.rollback.push(one.rollback);
          timings.promote.push(one.promote);
          timings.deploy.push(...one.deploy);
          floor.push((await runTimed(shop, process.execPath, [nxBin(shop), 'show', 'projects'], { ...process.env, ...nxEnv })).ms);
        }
        bySize.set(size.name, timings);
        log(`${size.name} (${size.files} files), ms per run: rollback ${list(timings.rollback)} | promote ${list(timings.promote)} | deploy ${list(timings.deploy)}`);
      }
      log(`floor: "nx show projects" (Nx start-up and project graph) median ${seconds(median(floor))} of ${floor.length}`);

      const small = bySize.get('small') as Timings;
      const large = bySize.get('10k_files') as Timings;
      log(`medians of ${runs} runs (deploy: ${runs * 2}), Nx start-up included`);
      printFigure({ id: 'rollback.size_ratio', value: median(large.rollback) / median(small.rollback), unit: 'x', target: '<=1.1' });
      printFigure({ id: 'rollback.wall_s', value: median(large.rollback) / 1000, unit: 's', target: '<=2' });
      printFigure({ id: 'deploy.wall_s', value: median(small.deploy) / 1000, unit: 's' });
      printFigure({ id: 'deploy.10k_files.wall_s', value: median(large.deploy) / 1000, unit: 's' });
      printFigure({ id: 'promote.wall_s', value: median(small.promote) / 1000, unit: 's' });
      printFigure({ id: 'promote.10k_files.wall_s', value: median(large.promote) / 1000, unit: 's' });
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
