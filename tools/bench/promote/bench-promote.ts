// promote.*: the real `nx promote payments-api --to=production` (Nx start-up included, daemon off)
// for a container product whose image is ~10 MB and one whose image is ~200 MB, against Debian's
// docker-registry behind a counting proxy of our own (counting-proxy.ts).
//   promote.image_size_ratio  median promote wall time, 200 MB image / 10 MB image (same run)
//   promote.bytes_pushed      request body bytes of PUT/PATCH/POST the registry received during
//                             all measured promotes (the proxy also lists every request: a manifest
//                             PUT or blob upload during a promote would show there)
// One copy of examples/shop per size (the second shares the first's node_modules) in which
// payments-api's build is write-sized-output.mjs: main.mjs plus N MiB of incompressible
// deterministic bytes; the embedded builder (scratch base) makes the whole output one layer, so the
// image is ~N MiB. Each shop releases two versions A and B once (not timed), pushed through the
// proxy to 127.0.0.1:PORT/bench-<size>; staging runs B, production A. Each measured cycle:
// promote production A → B (timed), roll production back B → A (not timed). `runs` measured cycles
// per size, the sizes interleaved (order alternating), after one warm-up cycle each.
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../../oci/start-registry';
import { copyShopSources, initShopRepo, installShop, nxBin, nxEnv, packTagdeploy } from '../../shop/shop-files';
import { printFigure, type Benchmark } from '../benchmark';
import { median, runTimed } from '../measure';
import { startCountingProxy, type CountedRequest, type CountingProxy } from './counting-proxy';

const runs = Number(process.env.TAGDEPLOY_BENCH_PROMOTE_RUNS ?? 7);
const sizes = [
  { name: '10mb', mib: 10 },
  { name: '200mb', mib: 200 },
] as const;
type SizeName = (typeof sizes)[number]['name'];
const approve = ['--approve', '--approved-by=bench'];
const product = 'payments-api';

interface Shop {
  dir: string;
  repository: string;
  versions: { a: string; b: string };
}

export const promoteBenchmark: Benchmark = {
  idPrefix: 'promote.',
  async run(wants) {
    const started = performance.now();
    const work = mkdtempSync(join(tmpdir(), 'tagdeploy-bench-promote-'));
    const registry = await startRegistry();
    let proxy: CountingProxy | undefined;
    try {
      proxy = await startCountingProxy(registry.host);
      log(`docker-registry on ${registry.host}, counting proxy on ${proxy.host}`);
      const shops = new Map<SizeName, Shop>();
      for (const size of sizes) {
        const dir = join(work, size.name);
        copyShopSources(dir);
        const installed = shops.values().next().value;
        if (installed) symlinkSync(join(installed.dir, 'node_modules'), join(dir, 'node_modules'), 'dir');
        else installShop(dir, packTagdeploy(join(work, 'packs')));
        const namespace = `bench-${size.name}`;
        sizeTheBuild(dir, size.mib, `${proxy.host}/${namespace}`);
        initShopRepo(dir, join(work, `${size.name}-remote.git`));
        const versions = { a: await release(dir, proxy, size.name), b: '' };
        appendFileSync(join(dir, 'services', product, 'src', 'main.ts'), '\n// bench: second release\n');
        execFileSync('git', ['commit', '-qam', `fix(${product}): second release for the bench`], { cwd: dir });
        versions.b = await release(dir, proxy, size.name);
        shops.set(size.name, { dir, repository: `${namespace}/${product}`, versions });
      }
      for (const size of sizes) {
        const shop = shops.get(size.name) as Shop;
        const bytes = await imageBytes(proxy.host, shop.repository, shop.versions.b);
        log(`${size.name}: image ${shop.repository}:${shop.versions.b} is ${mib(bytes)} (config + layers, compressed)`);
      }
      log(`prepared in ${seconds(performance.now() - started)} (${work})`);

      const { a, b } = { a: (s: SizeName) => (shops.get(s) as Shop).versions.a, b: (s: SizeName) => (shops.get(s) as Shop).versions.b };
      for (const size of sizes) {
        const { dir } = shops.get(size.name) as Shop;
        await nx(dir, ['deploy', product, '--env=staging', `--release=${a(size.name)}`], `Deployed ${product} in staging: `);
        await nx(dir, ['promote', product, '--to=production', ...approve], `Promoted (from staging) ${product} in production: `);
        await nx(dir, ['deploy', product, '--env=staging', `--release=${b(size.name)}`], `Deployed ${product} in staging: ${a(size.name)} → ${b(size.name)}`);
      }

      const timings = new Map<SizeName, number[]>(sizes.map((size) => [size.name, []]));
      const promoteRequests: CountedRequest[] = [];
      let bytesPushed = 0;
      const cycle = async (name: SizeName): Promise<number> => {
        const { dir } = shops.get(name) as Shop;
        (proxy as CountingProxy).reset();
        const ms = await nx(dir, ['promote', product, '--to=production', ...approve], `Promoted (from staging) ${product} in production: ${a(name)} → ${b(name)}`);
        bytesPushed += (proxy as CountingProxy).uploadedBytes();
        promoteRequests.push(...(proxy as CountingProxy).requests());
        await nx(dir, ['rollback', product, '--env=production', '--reason=bench', ...approve], `Rolled back ${product} in production: ${b(name)} → ${a(name)}`);
        return ms;
      };
      for (const size of sizes) await cycle(size.name); // warm-up: Nx's project graph cache, the OS file cache
      for (let i = 0; i < runs; i++) {
        const order = i % 2 === 0 ? sizes : [...sizes].reverse();
        for (const size of order) (timings.get(size.name) as number[]).push(await cycle(size.name));
      }

      for (const size of sizes) log(`${size.name}: promote ms per run: ${list(timings.get(size.name) as number[])}; median ${seconds(median(timings.get(size.name) as number[]))}`);
      const measured = (runs + 1) * sizes.length;
      log(`registry requests during the ${measured} promotes (warm-up included): ${promoteRequests.length}${promoteRequests.length ? ` (${summarize(promoteRequests)})` : ''}`);
      log(`medians of ${runs} runs per size, sizes interleaved, Nx start-up included`);
      const small = median(timings.get('10mb') as number[]);
      const large = median(timings.get('200mb') as number[]);
      if (wants('promote.image_size_ratio')) printFigure({ id: 'promote.image_size_ratio', value: large / small, unit: 'x', target: '<=1.1' });
      if (wants('promote.bytes_pushed')) printFigure({ id: 'promote.bytes_pushed', value: bytesPushed, unit: 'bytes', target: '=0' });
    } finally {
      await proxy?.stop();
      await registry.stop();
      if (process.env.TAGDEPLOY_BENCH_KEEP) log(`kept ${work}`);
      else rmSync(work, { recursive: true, force: true });
    }
  },
};

/** payments-api's build becomes write-sized-output.mjs (MiB of payload); the registry option points at the proxy. */
function sizeTheBuild(shop: string, mibs: number, registry: string): void {
  const projectDir = join(shop, 'services', product);
  copyFileSync(join(__dirname, 'write-sized-output.mjs'), join(projectDir, 'write-sized-output.mjs'));
  const projectFile = join(projectDir, 'project.json');
  const project = JSON.parse(readFileSync(projectFile, 'utf8'));
  project.targets.build = {
    ...project.targets.build,
    options: { command: `node services/${product}/write-sized-output.mjs ${mibs} dist/services/${product}` },
  };
  writeFileSync(projectFile, `${JSON.stringify(project, null, 2)}\n`);
  const nxJsonFile = join(shop, 'nx.json');
  const nxJson = JSON.parse(readFileSync(nxJsonFile, 'utf8'));
  const plugin = nxJson.plugins.find((p: { plugin: string }) => p.plugin === '@tagdeploy/nx');
  plugin.options.registry = registry;
  writeFileSync(nxJsonFile, `${JSON.stringify(nxJson, null, 2)}\n`);
}

/** `nx release-product payments-api` (not timed for the figures); returns the version. */
async function release(shop: string, proxy: CountingProxy, size: string): Promise<string> {
  proxy.reset();
  const run = await runTimed(shop, process.execPath, [nxBin(shop), 'release-product', product, '--outputStyle=static'], { ...process.env, ...nxEnv, TAGDEPLOY_ACTOR: 'bench' });
  const version = new RegExp(`Released ${product}@(\\S+): image (\\S+)`).exec(run.stdout);
  if (!version) throw new Error(`release-product did not print "Released ${product}@…". Its output:\n${run.stdout.slice(-3000)}`);
  log(`${size}: released ${product}@${version[1]} in ${seconds(run.ms)}, ${mib(proxy.uploadedBytes())} uploaded through the proxy (${proxy.requests().length} requests): ${version[2].replace(/,$/, '')}`);
  return version[1];
}

/** Config + layer sizes from the manifest (read through the registry, outside the measured promotes). */
async function imageBytes(host: string, repository: string, tag: string): Promise<number> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, {
    headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
  });
  if (!response.ok) throw new Error(`GET manifest ${repository}:${tag}: ${response.status}`);
  const manifest = (await response.json()) as { config: { size: number }; layers: { size: number }[] };
  return manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
}

/** Runs one nx command, checks that it did what the cycle expects, and returns its wall time. */
async function nx(shop: string, args: string[], expected: string): Promise<number> {
  const run = await runTimed(shop, process.execPath, [nxBin(shop), ...args, '--outputStyle=static'], { ...process.env, ...nxEnv, TAGDEPLOY_ACTOR: 'bench' });
  if (!run.stdout.includes(expected)) throw new Error(`nx ${args.join(' ')} did not print "${expected}". Its output:\n${run.stdout.slice(-3000)}`);
  return run.ms;
}

function summarize(requests: CountedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(`${r.method} ${r.path} → ${r.status}`, (counts.get(`${r.method} ${r.path} → ${r.status}`) ?? 0) + 1);
  return [...counts].map(([key, n]) => `${n}× ${key}`).join('; ');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const list = (values: number[]) => values.map((ms) => Math.round(ms)).join(' ');

function log(message: string): void {
  process.stderr.write(`promote: ${message}\n`);
}
