// Two environments of one product served at once, each by its own local router: through nx (the
// `--env` option and the per-env configuration `-c <env>` are separate tasks for Nx), and through the
// tagdeploy CLI. Each server answers for its own env while the other keeps running.
import { afterEach, describe, expect, it } from 'vitest';
import { startServeRelease, startTagdeployServe, type ServedEnv } from './support/serve';
import { createShop, type Shop } from './support/shop';

const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };

let shop: Shop | undefined;
let servers: ServedEnv[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  shop?.cleanup();
  shop = undefined;
  servers = [];
});

/** checkout 0.1.0 released and deployed to staging; production has nothing yet. */
async function shopWithStagingAt010(): Promise<Shop> {
  const s = await createShop();
  for (const args of [['release-product', 'checkout'], ['deploy', 'checkout', '--env=staging']]) {
    const run = s.nx(args, asShopUser);
    expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  }
  return s;
}

async function expectServing(staging: ServedEnv, production: ServedEnv): Promise<void> {
  const stagingPage = await fetch(`${staging.url}/`);
  expect(stagingPage.status).toBe(200);
  expect(stagingPage.headers.get('x-tagdeploy-env')).toBe('staging');
  expect(await stagingPage.text()).toContain('v0.1.0');
  const productionPage = await fetch(`${production.url}/`);
  expect(productionPage.headers.get('x-tagdeploy-env')).toBe('production');
  expect(productionPage.status, 'production has no release deployed yet').toBe(404);
  expect(await productionPage.text()).toContain('production has no release deployed yet');
}

describe('two envs served at once', () => {
  it('through nx: serve-release --env=staging and serve-release -c production run side by side', async () => {
    shop = await shopWithStagingAt010();
    const staging = await startServeRelease(shop, 'checkout', 'staging');
    servers.push(staging);
    const production = await startServeRelease(shop, 'checkout', 'production', { configuration: true });
    servers.push(production);

    expect(production.output()).toContain('nx run checkout:serve-release:production');
    await expectServing(staging, production);
  });

  it('through the CLI: two tagdeploy serve processes', async () => {
    shop = await shopWithStagingAt010();
    const [staging, production] = await Promise.all([startTagdeployServe(shop, 'checkout', 'staging'), startTagdeployServe(shop, 'checkout', 'production')]);
    servers.push(staging, production);

    await expectServing(staging, production);
  });
});
