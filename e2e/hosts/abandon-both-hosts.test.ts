// A claimed release that can never be sealed (its commit does not build) stops blocking the
// product, through both hosts: the resume's error names the way out, abandon records it, and the
// next release takes the next version while the abandoned tag stays on the remote.
import { afterEach, describe, expect, it } from 'vitest';
import { errorLine, openHostShop, shopState, type HostShop } from '../support/both-hosts';

const asShopUser = { TAGDEPLOY_ACTOR: 'ana', TAGDEPLOY_APPROVER: '' };
const main = 'apps/checkout/src/main.ts';

let current: HostShop | undefined;
afterEach(() => {
  current?.shop.cleanup();
  current = undefined;
});

const spelled = {
  nx: { abandon: 'nx abandon-release checkout --release=0.1.0', release: 'nx release-product checkout' },
  cli: { abandon: 'tagdeploy abandon checkout --release 0.1.0', release: 'tagdeploy release checkout' },
};

describe.each(['nx', 'cli'] as const)('abandoning a release through the %s host', (host) => {
  it('frees a product whose claimed release can never build, and keeps its tag', async () => {
    const w = (current = await openHostShop[host]());
    const { shop } = w;
    const good = shop.read(main);
    shop.write(main, `${good}\nexport const = ;\n`);
    shop.git(['commit', '-q', '-am', 'feat(checkout): wallet']);
    shop.git(['tag', '-a', 'checkout@0.1.0', '-m', 'checkout 0.1.0']);
    shop.git(['push', '-q', 'origin', 'checkout@0.1.0']);

    const resumed = w.run('release', 'checkout', {}, asShopUser);
    expect(resumed.code, resumed.output).not.toBe(0);
    expect(errorLine(resumed, 'BUILD_FAILED'), resumed.output).toContain(`If checkout@0.1.0 can never be sealed, abandon it (the tag stays, the next release takes the next version): ${spelled[host].abandon}.`);

    const abandoned = w.run('abandon', 'checkout', { release: '0.1.0', reason: 'its commit does not build' }, asShopUser);
    expect(abandoned.code, abandoned.output).toBe(0);
    expect(abandoned.output).toContain(`abandoned checkout@0.1.0: it will never be sealed. The tag stays, so 0.1.0 is never reused; the next ${spelled[host].release} takes the version after it and carries its commits.`);

    shop.write(main, good);
    shop.git(['commit', '-q', '-am', 'fix(checkout): build again']);
    const released = w.run('release', 'checkout', {}, asShopUser);
    expect(released.code, released.output).toBe(0);
    expect(released.output).toMatch(/skips checkout@0\.1\.0, abandoned by ana on \d{4}-\d\d-\d\d \(its commit does not build\): never sealed, so its commits count here/);
    expect(shop.remoteTags()).toEqual(expect.arrayContaining(['checkout@0.1.0', 'checkout@0.2.0']));
    const store = await shop.storeFiles();
    expect(store).toEqual(expect.arrayContaining(['checkout/releases/0.1.0/abandoned.json', 'checkout/releases/0.2.0/release.json']));
    expect(store).not.toContain('checkout/releases/0.1.0/release.json');

    const before = await shopState(shop);
    const sealed = w.run('abandon', 'checkout', { release: '0.2.0' }, asShopUser);
    expect(sealed.code, sealed.output).not.toBe(0);
    expect(errorLine(sealed, 'RELEASE_SEALED')).toMatch(/^checkout 0\.2\.0 is sealed: a sealed release is never abandoned\./);
    expect(await shopState(shop)).toEqual(before);
  });
});
