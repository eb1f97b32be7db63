// deploy and rollback when the S3 store cannot be reached (e2e-s3 project only): one line
// `tagdeploy error [STORE_UNAVAILABLE]: …` naming the endpoint and the fix, a non-zero exit, and
// the env pointers and history exactly as they were (read from the real server afterwards).
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { publishSyntheticRelease } from '../../tools/bench/rollback/publish-synthetic-release';
import { createShop, type RunResult, type Shop } from '../support/shop';

let shop: Shop | undefined;
afterEach(() => {
  shop?.cleanup();
  shop = undefined;
});

const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
const approvedByAna = ['--approve', '--approved-by=Ana'];

function nxOk(shop: Shop, args: string[]): RunResult {
  const run = shop.nx(args, asShopUser);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

async function envState(shop: Shop): Promise<{ keys: string[]; pointer: string | undefined }> {
  return {
    keys: await shop.store.list('checkout/envs/'),
    pointer: (await shop.store.get('checkout/envs/production.json'))?.body.toString('utf8'),
  };
}

async function aClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** checkout 0.1.0 then 0.1.1 in production (synthetic sealed releases: no build needed here). */
async function twoReleasesInProduction(shop: Shop): Promise<void> {
  expect(shop.storeKind).toBe('s3');
  for (const version of ['0.1.0', '0.1.1']) {
    await publishSyntheticRelease(shop.store, { product: 'checkout', version, files: 5 });
    nxOk(shop, ['deploy', 'checkout', '--env=production', `--release=${version}`, ...approvedByAna]);
  }
}

describe('environments on S3: an unreachable store', () => {
  for (const [name, args] of [
    ['deploy', ['deploy', 'checkout', '--env=production', '--release=0.1.0', ...approvedByAna]],
    ['rollback', ['rollback', 'checkout', '--env=production', '--reason=incident', ...approvedByAna]],
  ] as const) {
    it(`refuses a ${name} when the endpoint refuses connections, naming it and the fix; nothing changes`, async () => {
      shop = await createShop();
      await twoReleasesInProduction(shop);
      const before = await envState(shop);
      const endpoint = `http://127.0.0.1:${await aClosedPort()}`;

      const run = shop.nx([...args], { ...asShopUser, AWS_ENDPOINT_URL_S3: endpoint });

      expect(run.code, run.output).not.toBe(0);
      const line = run.output.split('\n').find((text) => text.includes('tagdeploy error [STORE_UNAVAILABLE]: '));
      expect(line, run.output).toBeDefined();
      expect(line).toContain(`the S3 endpoint ${endpoint} refuses connections`);
      expect(line).toContain('AWS_ENDPOINT_URL_S3');
      expect(await envState(shop)).toEqual(before);
      expect(JSON.parse(before.pointer as string)).toMatchObject({ version: '0.1.1', seq: 2 });
    });
  }
});
