// The npm kind end to end: examples/shop's sdk (an npm product that checkout depends on) released
// and published to a real registry (verdaccio), its tarball frozen in the store and sealed.
import { afterEach, describe, expect, it } from 'vitest';
import { expectCompleteRelease, readManifest } from './support/assertions';
import { installAndRun, useOwnPackage, type NpmSide } from './support/npm-shop';
import { createShop, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

const sdkIndex = 'packages/sdk/src/index.ts';
const appendLine = (path: string, line: string) => `${shop.read(path)}\n${line}\n`;

interface NpmManifest {
  files: { path: string; sha256: string }[];
  package: { name: string; registry: string; tarball: string; integrity: string; shasum: string };
}

async function openNpmShop(): Promise<NpmSide> {
  shop = await createShop();
  return useOwnPackage(shop);
}

describe('nx release-product of an npm product', () => {
  it('packs once, stores the tarball, seals its integrity and publishes that tarball; a fix releases a patch that installs', async () => {
    const npm = await openNpmShop();

    const first = shop.nx(['release-product', 'sdk'], npm.env);

    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toContain(`Released sdk@0.1.0: package ${npm.name}@0.1.0`);
    expect(shop.remoteTags()).toEqual(['sdk@0.1.0']);
    const sealed = (await expectCompleteRelease(shop, 'sdk', '0.1.0')) as unknown as NpmManifest;
    expect(sealed.package).toMatchObject({ name: npm.name, registry: npm.registry, integrity: expect.stringMatching(/^sha512-/) });
    expect(sealed.files.map((file) => file.path)).toEqual([sealed.package.tarball]);
    expect(npm.view(`${npm.name}@0.1.0`, 'dist.integrity')).toBe(sealed.package.integrity);
    expect(npm.view(`${npm.name}@0.1.0`, 'dist.shasum')).toBe(sealed.package.shasum);

    shop.commit(sdkIndex, appendLine(sdkIndex, 'export const currency = "EUR";'), 'fix(sdk): name the currency');
    const fix = shop.nx(['release-product', 'sdk'], npm.env);

    expect(fix.code, fix.output).toBe(0);
    expect(fix.output).toContain('0.1.0 → 0.1.1');
    const patch = (await readManifest(shop, 'sdk', '0.1.1')) as unknown as NpmManifest;
    expect(npm.view(`${npm.name}@0.1.1`, 'dist.integrity')).toBe(patch.package.integrity);
    expect(npm.view(npm.name, 'versions')).toEqual(['0.1.0', '0.1.1']);
    // The published package.json carries the release's version, whatever the placeholder in the repo.
    expect(npm.view(`${npm.name}@0.1.1`, 'version')).toBe('0.1.1');
    expect(installAndRun(npm, `${npm.name}@0.1.1`, `import { cartTotal, currency } from '${npm.name}'; console.log(cartTotal([{ sku: 'a', quantity: 3, unitPrice: 5 }]), currency);`)).toBe('15 EUR');

    const again = shop.nx(['release-product', 'sdk'], npm.env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('already released');
  });
});
