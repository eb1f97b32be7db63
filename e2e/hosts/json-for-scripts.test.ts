// What the README tells scripts to read parses: through nx, the file --outputFile writes (Nx frames
// stdout with its own lines); through the CLI, stdout with --json.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nxEnv, repoRoot } from '../../tools/shop/shop-files';
import { createShop, type Shop } from '../support/shop';

const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
let shop: Shop;

function nxOk(args: string[]): void {
  const run = shop.nx(args, asShopUser);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
}

const readJson = (file: string) => JSON.parse(readFileSync(join(shop.dir, file), 'utf8'));

beforeAll(async () => {
  shop = await createShop();
  nxOk(['release-product', 'checkout', '--outputFile=release.json']);
  nxOk(['deploy', 'checkout', '--env=staging', '--json', '--outputFile=deploy.json']);
});
afterAll(() => shop?.cleanup());

describe('JSON for scripts', () => {
  it('nx release-product and nx deploy write their outcome to --outputFile', () => {
    expect(readJson('release.json')).toMatchObject({ plan: { product: 'checkout', version: '0.1.0' } });
    expect(readJson('deploy.json')).toMatchObject({ outcome: { changed: true, pointer: { env: 'staging', version: '0.1.0' } } });
  });

  it('nx release-status writes the status to --outputFile', () => {
    nxOk(['release-status', 'checkout', '--outputFile=status.json']);
    expect(readJson('status.json')).toMatchObject({ product: 'checkout', envs: [{ env: 'staging', version: '0.1.0' }, { env: 'production', version: null }] });
  });

  it('tagdeploy status --json prints only JSON on stdout, every product', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'packages/cli/bin/tagdeploy.js'), 'status', '--json'], { cwd: shop.dir, encoding: 'utf8', env: { ...process.env, ...nxEnv, ...asShopUser } });
    expect(run.status, run.stderr).toBe(0);
    const products = JSON.parse(run.stdout) as { product: string; envs: { env: string; version: string | null }[] }[];
    expect(products.map((status) => status.product)).toContain('checkout');
    expect(products.find((status) => status.product === 'checkout')?.envs[0]).toMatchObject({ env: 'staging', version: '0.1.0' });
  });
});
