// Changelog settings through both hosts: the workspace's `changelog.types` renames and hides
// sections of the changelog that release.json seals and the tag carries, a product's own types
// replace them, and a bad setting is refused before anything moves.
import { afterEach, describe, expect, it } from 'vitest';
import { readManifest } from '../support/assertions';
import { commitJson, errorLine, openHostShop, shopState, type HostShop } from '../support/both-hosts';

const main = 'apps/checkout/src/main.ts';
const asShopUser = { TAGDEPLOY_ACTOR: 'ana', TAGDEPLOY_APPROVER: '' };

let current: HostShop | undefined;
afterEach(() => {
  current?.shop.cleanup();
  current = undefined;
});

function commitChange(w: HostShop, message: string): void {
  w.shop.write(main, `${w.shop.read(main)}\n// ${message.split('\n')[0]}\n`);
  w.shop.git(['commit', '-q', '-am', message]);
}

describe.each(['nx', 'cli'] as const)('changelog settings through the %s host', (host) => {
  it('renames and hides sections as the workspace says, and as the product says when it has its own', async () => {
    const w = (current = await openHostShop[host]());
    w.editSettings((settings) => {
      settings.changelog = { types: [{ type: 'feat', section: 'New things' }, { type: 'fix', hidden: true }] };
    });
    commitChange(w, 'feat(checkout): wallet');
    commitChange(w, 'fix(checkout): hidden rounding');
    const first = w.run('release', 'checkout', {}, asShopUser);
    expect(first.code, first.output).toBe(0);
    const sealed = (await readManifest(w.shop, 'checkout', '0.1.0')).changelog;
    expect(sealed).toMatch(/### New things\n\n\* \*\*checkout:\*\* wallet [0-9a-f]{7}\n/);
    expect(sealed).not.toContain('hidden rounding');
    expect(sealed).not.toContain('### Features');
    expect(w.shop.git(['tag', '-l', '--format=%(contents)', 'checkout@0.1.0']).trim()).toBe(sealed.trim());

    commitJson(w.shop, 'apps/checkout/tagdeploy.json', (config) => {
      config.changelog = { types: [{ type: 'fix', section: 'Repairs' }] };
    });
    commitChange(w, 'fix(checkout): totals\n\nBREAKING CHANGE: totals are cents');
    const second = w.run('release', 'checkout', {}, asShopUser);
    expect(second.code, second.output).toBe(0);
    expect((await readManifest(w.shop, 'checkout', '0.2.0')).changelog).toMatch(
      /^## 0\.2\.0 \(\d{4}-\d\d-\d\d\)\n\n### ⚠ Breaking changes\n\n\* \*\*checkout:\*\* totals are cents\n\n### Repairs\n\n\* \*\*checkout:\*\* totals [0-9a-f]{7}\n$/,
    );
  });

  it('refuses a changelog type without a section before anything moves, naming the setting', async () => {
    const w = (current = await openHostShop[host]());
    w.editSettings((settings) => {
      settings.changelog = { preset: 'conventionalcommits', types: [{ type: 'feat' }] };
    });
    commitChange(w, 'feat(checkout): wallet');
    const before = await shopState(w.shop);
    const run = w.run('release', 'checkout', {}, asShopUser);
    expect(run.code, run.output).not.toBe(0);
    expect(errorLine(run, 'INVALID_CONFIG'), run.output).toContain('changelog.types.0.section: "feat" is shown in the changelog, so it needs a section (or "hidden": true)');
    expect(await shopState(w.shop)).toEqual(before);
  });
});
