// The tagdeploy CLI inside an Nx workspace (a temp copy of examples/shop): it reads the Nx project
// graph and the @tagdeploy/nx options in nx.json, builds through nx, and shares the releases and
// env state with the Nx targets, so a CI job can call either.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nxEnv, repoRoot } from '../../tools/shop/shop-files';
import { expectCompleteRelease, storedIndexHtml } from '../support/assertions';
import { createShop, type RunResult, type Shop } from '../support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };

function tagdeploy(args: string[]): RunResult {
  const run = spawnSync(process.execPath, [join(repoRoot, 'packages/cli/bin/tagdeploy.js'), ...args], { cwd: shop.dir, encoding: 'utf8', env: { ...process.env, ...nxEnv, ...asShopUser } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, output: run.stdout + run.stderr };
}

function ok(args: string[]): RunResult {
  const run = tagdeploy(args);
  expect(run.code, `tagdeploy ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

describe('tagdeploy CLI in an Nx workspace', () => {
  it('plans from the Nx project graph: a fix in ui reaches checkout "via ui"', async () => {
    shop = await createShop();
    ok(['release', 'checkout', '--no-push']);
    shop.commit('packages/ui/src/index.ts', `${shop.read('packages/ui/src/index.ts')}\n// fixed\n`, 'fix(ui): a fix');

    const plan = JSON.parse(ok(['release', 'checkout', '--dry-run', '--json']).stdout);

    expect(plan).toMatchObject({ version: '0.1.1', bump: 'patch' });
    expect(plan.commits[0].via).toEqual(['ui']);
  });

  it('releases through nx, and the Nx targets see the same release and env state', async () => {
    shop = await createShop();

    ok(['release', 'checkout']);
    ok(['deploy', 'checkout', '--env', 'staging']);

    await expectCompleteRelease(shop, 'checkout', '0.1.0');
    expect(await storedIndexHtml(shop, 'checkout', '0.1.0')).toContain('v0.1.0');
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0']);
    const status = shop.nx(['release-status', 'checkout'], asShopUser);
    expect(status.output).toMatch(/staging\s+0\.1\.0\s+checkout@0\.1\.0/);
  });

  it('names the next step in its own spelling and the settings file as nx.json', async () => {
    shop = await createShop();

    const run = tagdeploy(['deploy', 'checkout', '--env', 'prod']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('declare "prod" under "environments" in nx.json');
  });
});
