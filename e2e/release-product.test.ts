// nx release-product in a real Nx workspace (a temp copy of examples/shop) with a bare remote.
import { afterEach, describe, expect, it } from 'vitest';
import { expectCompleteRelease, readManifest, storedIndexHtml } from './support/assertions';
import { createShop, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

const uiIndex = 'packages/ui/src/index.ts';
const appendLine = (shop: Shop, path: string, line: string) => `${shop.read(path)}\n${line}\n`;

describe('nx release-product', () => {
  it('makes the first release of checkout: tag on the remote, every file in the store, sealed', async () => {
    shop = await createShop();
    const head = shop.git(['rev-parse', 'HEAD']);

    const run = shop.nx(['release-product', 'checkout']);

    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain('Released checkout@0.1.0');
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0']);
    expect(shop.git(['rev-parse', 'checkout@0.1.0^{commit}'])).toBe(head);
    const manifest = await expectCompleteRelease(shop, 'checkout', '0.1.0');
    expect(manifest).toMatchObject({ product: 'checkout', version: '0.1.0', tag: 'checkout@0.1.0', commit: head });
    expect(manifest.files.map((file) => file.path)).toContainEqual(expect.stringMatching(/^assets\/index-[A-Za-z0-9_-]+\.js$/));
    expect(manifest.files.find((file) => file.path === 'index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
    expect(manifest.files.find((file) => file.path.startsWith('assets/index-'))?.cacheControl).toBe('public, max-age=31536000, immutable');
    expect((await storedIndexHtml(shop, 'checkout', '0.1.0'))).toContain('v0.1.0');
    expect((await shop.storeFiles()).filter((file) => !file.startsWith('checkout/'))).toEqual([]);
  });

  it('releases a fix in ui as a checkout patch, lists storefront as affected and leaves it alone', async () => {
    shop = await createShop();
    expect(shop.nx(['release-product', 'checkout']).code).toBe(0);
    shop.commit(uiIndex, appendLine(shop, uiIndex, '// rounding fixed'), 'fix(ui): round prices to cents');

    const run = shop.nx(['release-product', 'checkout']);

    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('0.1.0 → 0.1.1');
    expect(run.output).toMatch(/not released: storefront \(via ui\)/);
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0', 'checkout@0.1.1']);
    expect((await readManifest(shop, 'checkout', '0.1.1')).changelog).toContain('* **ui:** round prices to cents');
    expect((await storedIndexHtml(shop, 'checkout', '0.1.1'))).toContain('v0.1.1');
    expect((await shop.storeFiles()).some((file) => file.startsWith('storefront/'))).toBe(false);
  });

  it('says nothing to release for checkout when only storefront changed, and exits 0', async () => {
    shop = await createShop();
    expect(shop.nx(['release-product', 'checkout']).code).toBe(0);
    shop.commit('apps/storefront/src/main.ts', appendLine(shop, 'apps/storefront/src/main.ts', '// storefront only'), 'feat(storefront): new banner');
    const before = await shop.storeFiles();

    const run = shop.nx(['release-product', 'checkout']);

    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain('checkout: nothing to release since checkout@0.1.0');
    expect(shop.localTags()).toEqual(['checkout@0.1.0']);
    expect(await shop.storeFiles()).toEqual(before);
  });

  it('gives checkout a major bump for a breaking change in utils (through ui)', async () => {
    shop = await createShop();
    expect(shop.nx(['release-product', 'checkout', '--release-as=1.0.0']).code).toBe(0);
    shop.commit('packages/utils/src/index.ts', appendLine(shop, 'packages/utils/src/index.ts', '// new rounding'), 'feat(utils)!: prices are integers of cents');

    const run = shop.nx(['release-product', 'checkout']);

    expect(run.code, run.output).toBe(0);
    expect(shop.localTags()).toEqual(['checkout@1.0.0', 'checkout@2.0.0']);
    expect((await readManifest(shop, 'checkout', '2.0.0')).changelog).toMatch(/### ⚠ Breaking changes\n\n\* \*\*utils:\*\* prices are integers of cents\n/);
  });

  it('prints the plan on --dry-run and changes nothing; --json gives the plan as JSON', async () => {
    shop = await createShop();
    const head = shop.git(['rev-parse', 'HEAD']);

    const text = shop.nx(['release-product', 'checkout', '--dry-run']);
    const json = shop.nx(['release-product', 'checkout', '--dry-run', '--json', '--outputFile=plan.json']);

    expect(text.code, text.output).toBe(0);
    expect(text.stdout).toContain('checkout: no earlier release → 0.1.0 (first release), tag checkout@0.1.0');
    expect(json.code, json.output).toBe(0);
    const plan = JSON.parse(shop.read('plan.json'));
    expect(plan).toMatchObject({ product: 'checkout', status: 'release', version: '0.1.0', tag: 'checkout@0.1.0', commit: head });
    expect(json.stdout).toContain('"tag": "checkout@0.1.0"');
    expect(shop.localTags()).toEqual([]);
    expect(shop.remoteTags()).toEqual([]);
    expect(await shop.storeFiles()).toEqual([]);
    expect(shop.git(['rev-parse', 'HEAD'])).toBe(head);
  });

  it('says already released on a second run at a sealed HEAD, and changes nothing', async () => {
    shop = await createShop();
    expect(shop.nx(['release-product', 'checkout']).code).toBe(0);
    const before = await shop.storeFiles();

    const run = shop.nx(['release-product', 'checkout']);

    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain('checkout@0.1.0 is already released');
    expect(await shop.storeFiles()).toEqual(before);
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0']);
  });

  it('resumes a release killed after the claim and before the seal, with every sha256 matching', async () => {
    shop = await createShop();

    const killed = shop.nx(['release-product', 'checkout'], { TAGDEPLOY_CRASH_AT: 'publish:1' });

    expect(killed.code).not.toBe(0);
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0']);
    expect((await shop.storeFiles()).some((file) => file.endsWith('release.json'))).toBe(false);
    expect((await shop.storeFiles()).length).toBeGreaterThan(0);

    const resumed = shop.nx(['release-product', 'checkout']);

    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.stdout).toContain('Resumed and released checkout@0.1.0');
    await expectCompleteRelease(shop, 'checkout', '0.1.0');
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0']);
    // The record of what was uploaded, which the resume started from, is gone with the seal.
    expect((await shop.storeFiles()).filter((file) => file.includes('.tagdeploy-publish/'))).toEqual([]);
  });

  it('with "commit": true, writes the version and CHANGELOG.md, commits, and tags that commit', async () => {
    shop = await createShop();
    shop.commit('apps/checkout/package.json', JSON.stringify({ name: '@shop/checkout', private: true, version: '0.3.0' }, null, 2) + '\n', 'feat(checkout): add a package.json');
    shop.commit('apps/checkout/tagdeploy.json', JSON.stringify({ kind: 'static', outputPath: 'dist/apps/checkout', commit: true }), 'chore: commit mode');

    const run = shop.nx(['release-product', 'checkout']);

    expect(run.code, run.output).toBe(0);
    expect(shop.git(['log', '-1', '--format=%s'])).toBe('chore(release): checkout@0.3.0');
    expect(shop.git(['rev-parse', 'checkout@0.3.0^{commit}'])).toBe(shop.git(['rev-parse', 'HEAD']));
    expect(JSON.parse(shop.read('apps/checkout/package.json')).version).toBe('0.3.0');
    expect(shop.read('apps/checkout/CHANGELOG.md')).toMatch(/^# Changelog\n\n## 0\.3\.0 \(/);
    expect((await readManifest(shop, 'checkout', '0.3.0')).commit).toBe(shop.git(['rev-parse', 'HEAD']));

    shop.commit('apps/checkout/src/extra.ts', 'export const extra = 1;\n', 'fix(checkout): totals');
    expect(shop.nx(['release-product', 'checkout']).code).toBe(0);

    expect(JSON.parse(shop.read('apps/checkout/package.json')).version).toBe('0.3.1');
    expect(shop.read('apps/checkout/CHANGELOG.md')).toMatch(/## 0\.3\.1[\s\S]*totals[\s\S]*## 0\.3\.0/);
    expect(shop.git(['rev-parse', 'checkout@0.3.1^{commit}'])).toBe(shop.git(['rev-parse', 'HEAD']));
    expect(shop.git(['status', '--porcelain'])).toBe('');
  });
});
