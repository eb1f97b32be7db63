// tagdeploy deploy / promote / rollback / status end to end in a Turborepo workspace (a temp copy
// of examples/turbo-shop): static products through the store's env pointers, the container
// product through the GitOps repo; approval in CI is --approve with a name.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, turboEnv } from '../../tools/shop/shop-files';
import type { RunResult } from '../support/shop';
import { createTurboShop, type TurboShop } from '../support/turbo-shop';

let shop: TurboShop;
afterEach(() => shop?.cleanup());

const uiIndex = 'packages/ui/src/index.ts';
const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };

function ok(args: string[]): RunResult {
  const run = shop.tagdeploy(args, asShopUser);
  expect(run.code, `tagdeploy ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

interface StatusJson {
  product: string;
  envs: { env: string; version: string | null; approvedBy: string | null; digest?: string | null }[];
}

const versions = (status: StatusJson) => Object.fromEntries(status.envs.map((row) => [row.env, row.version]));

/** Two releases of checkout: 0.1.0, and 0.1.1 after a fix in ui. */
function twoReleases(): void {
  ok(['release', 'checkout']);
  shop.commit(uiIndex, `${shop.read(uiIndex)}\n// fixed\n`, 'fix(ui): round prices to cents');
  ok(['release', 'checkout']);
}

describe('tagdeploy environments in a Turborepo workspace', () => {
  it('deploys, promotes with an approver, rolls back, and status tells the truth at each step', async () => {
    shop = await createTurboShop();
    twoReleases();

    expect(ok(['deploy', 'checkout', '--env', 'staging', '--release', '0.1.0']).stdout).toContain('Deployed checkout in staging: nothing → 0.1.0');
    expect(ok(['promote', 'checkout', '--to', 'production', '--approve', '--approved-by', 'Ana']).stdout).toContain('Promoted (from staging) checkout in production: nothing → 0.1.0');
    expect(ok(['deploy', 'checkout', '--env', 'staging']).stdout).toContain('staging: 0.1.0 → 0.1.1');
    const rolled = ok(['rollback', 'checkout', '--env', 'staging']);

    expect(rolled.stdout).toContain('Rolled back checkout in staging: 0.1.1 → 0.1.0');
    const status = JSON.parse(ok(['status', 'checkout', '--json']).stdout) as StatusJson;
    expect(versions(status)).toEqual({ staging: '0.1.0', production: '0.1.0' });
    expect(status.envs.find((row) => row.env === 'production')?.approvedBy).toBe('Ana');
    const table = ok(['status', 'checkout']).stdout;
    expect(table).toMatch(/staging\s+0\.1\.0\s+checkout@0\.1\.0/);
    expect(table).toMatch(/production\s+0\.1\.0\s+checkout@0\.1\.0\s+\w+\s+\S+ \S+\s+Test Lead\s+Ana/);
  });

  it('shows every product and env with "status", and its --json parses as a list', async () => {
    shop = await createTurboShop();
    ok(['release', 'checkout']);
    ok(['deploy', 'checkout', '--env', 'staging']);

    const all = JSON.parse(ok(['status', '--json']).stdout) as StatusJson[];

    expect(all.map((status) => status.product)).toEqual(['checkout', 'payments-api', 'storefront']);
    expect(versions(all[0])).toEqual({ staging: '0.1.0', production: null });
    expect(versions(all[2])).toEqual({ staging: null, production: null });
  });

  it('releases the container product as an image and moves it through the GitOps repo by digest', async () => {
    shop = await createTurboShop();

    ok(['release', 'payments-api']);
    ok(['deploy', 'payments-api', '--env', 'staging']);
    ok(['promote', 'payments-api', '--to', 'production', '--approve', '--approved-by', 'Ana']);

    const manifest = JSON.parse((await shop.store.get('payments-api/releases/0.1.0/release.json'))!.body.toString('utf8'));
    expect(manifest.image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const production = gitopsFile('apps/payments-api/envs/production/kustomization.yaml');
    expect(production).toContain('newTag: 0.1.0');
    expect(production).toContain(`digest: ${manifest.image.digest}`);
    const lastCommit = execFileSync('git', ['--git-dir', join(shop.dir, '.tagdeploy/gitops.git'), 'log', '-1', '--format=%B', 'main'], { encoding: 'utf8' });
    expect(lastCommit).toContain('Approved-By: Ana');
    const status = JSON.parse(ok(['status', 'payments-api', '--json']).stdout) as StatusJson;
    expect(status.envs.map((row) => [row.env, row.version, row.digest])).toEqual([
      ['staging', '0.1.0', manifest.image.digest],
      ['production', '0.1.0', manifest.image.digest],
    ]);

    // The CLI's serve runs the image production pins (from the registry, by digest): /health answers its version.
    const served = await serveInBackground(shop.dir, ['serve', 'payments-api', '--env', 'production', '--port', '0']);
    try {
      expect(await healthOf(served.url)).toMatchObject({ status: 'ok', version: '0.1.0' });
    } finally {
      served.stop();
    }
  });
});

/** `tagdeploy <args>` left running in its own process group, once it prints the URL it serves. */
function serveInBackground(cwd: string, args: string[]): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(repoRoot, 'packages', 'cli', 'bin', 'tagdeploy.js'), ...args], { cwd, env: { ...process.env, ...turboEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = () => {
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      /* gone already */
    }
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error(`tagdeploy ${args.join(' ')} printed no URL:\n${output}`))), 120_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /Serving \S+ \S+ at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop });
      }
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`tagdeploy ${args.join(' ')} exited (${code}):\n${output}`))));
  });
}

async function healthOf(url: string): Promise<unknown> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const reply = await fetch(`${url}/health`);
      if (reply.ok) return await reply.json();
    } catch {
      // not forwarding yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/health did not answer`);
}

function gitopsFile(path: string): string {
  return execFileSync('git', ['--git-dir', join(shop.dir, '.tagdeploy/gitops.git'), 'show', `main:${path}`], { encoding: 'utf8' });
}
