// release-prune through both hosts: a dry run lists what stays (and why) and what would go, and
// changes nothing; a prune killed after it removed a release's seal leaves that release unsealed
// (never sealed-but-incomplete) and the env-change lock it held, and the rerun takes that lock over
// and converges. Tags are never deleted. A release that a killed prune had only marked is refused
// by deploy (one error line, nothing changed), and the next prune deletes it.
import { afterEach, describe, expect, it } from 'vitest';
import { envChangeLockKey } from '../../packages/core/src/env/env-change-lock';
import { errorLine, openHostShop, shopState, type HostShop } from '../support/both-hosts';

const asShopUser = { TAGDEPLOY_ACTOR: 'ana', TAGDEPLOY_APPROVER: '' };
let current: HostShop | undefined;
afterEach(() => {
  current?.shop.cleanup();
  current = undefined;
});

const versions = (keys: string[]) => [...new Set(keys.filter((key) => key.startsWith('checkout/releases/')).map((key) => key.split('/')[2]))].sort();

describe.each(['nx', 'cli'] as const)('release-prune through the %s host', (host) => {
  it('keeps what staging runs, deletes the old releases, survives a kill, never deletes a tag', async () => {
    const w = (current = await openHostShop[host]());
    const { shop } = w;
    for (const step of ['one', 'two', 'three']) {
      shop.write('apps/checkout/src/main.ts', `${shop.read('apps/checkout/src/main.ts')}\n// ${step}\n`);
      shop.git(['commit', '-q', '-am', `feat(checkout): ${step}`]);
      const released = w.run('release', 'checkout', {}, asShopUser);
      expect(released.code, released.output).toBe(0);
    }
    expect(w.run('deploy', 'checkout', { env: 'staging', release: '0.2.0' }, asShopUser).code).toBe(0);

    const before = await shopState(shop);
    const dry = w.run('prune', 'checkout', { keep: '1', 'dry-run': true }, asShopUser);
    expect(dry.code, dry.output).toBe(0);
    expect(dry.output).toContain('keeping 2, would delete 1 (dry run: nothing changed)');
    expect(dry.output).toContain('keep    0.2.0: live in staging; promotion source for production');
    expect(dry.output).toContain('keep    0.3.0: one of the 1 newest');
    expect(dry.output).toMatch(/delete {2}0\.1\.0: no env runs it or may roll back to it, built \d{4}-\d\d-\d\d/);
    expect(await shopState(shop)).toEqual(before);

    const killed = w.run('prune', 'checkout', { keep: '1' }, { ...asShopUser, TAGDEPLOY_CRASH_AT: 'prune-unsealed:1' });
    expect(killed.code, killed.output).not.toBe(0);
    const halfway = await shop.storeFiles();
    expect(halfway).toContain('checkout/releases/0.1.0/pruning.json');
    expect(halfway).not.toContain('checkout/releases/0.1.0/release.json');
    expect(halfway).toContain(envChangeLockKey('checkout'));

    const rerun = w.run('prune', 'checkout', { keep: '1' }, asShopUser);
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain('deleted 0.1.0: an interrupted prune: finishing it');
    expect(versions(await shop.storeFiles())).toEqual(['0.2.0', '0.3.0']);
    expect(await shop.storeFiles()).not.toContain(envChangeLockKey('checkout'));
    expect(shop.localTags()).toEqual(before.tags);
    expect(shop.remoteTags()).toEqual(before.remote);
  });

  it('refuses to deploy a release a killed prune had marked, and the next prune finishes it', async () => {
    const w = (current = await openHostShop[host]());
    const { shop } = w;
    for (const step of ['one', 'two']) {
      shop.write('apps/checkout/src/main.ts', `${shop.read('apps/checkout/src/main.ts')}\n// ${step}\n`);
      shop.git(['commit', '-q', '-am', `feat(checkout): ${step}`]);
      const released = w.run('release', 'checkout', {}, asShopUser);
      expect(released.code, released.output).toBe(0);
    }
    expect(w.run('deploy', 'checkout', { env: 'staging', release: '0.2.0' }, asShopUser).code).toBe(0);
    const killed = w.run('prune', 'checkout', { keep: '1' }, { ...asShopUser, TAGDEPLOY_CRASH_AT: 'prune-marked:1' });
    expect(killed.code, killed.output).not.toBe(0);
    expect(await shop.storeFiles()).toEqual(expect.arrayContaining(['checkout/releases/0.1.0/pruning.json', 'checkout/releases/0.1.0/release.json']));

    // The dead run's lock is taken over (and given back): leave it out of the comparison.
    const withoutLock = async () => ({ ...(await shopState(shop)), store: (await shop.storeFiles()).filter((key) => key !== envChangeLockKey('checkout')) });
    const before = await withoutLock();
    const refused = w.run('deploy', 'checkout', { env: 'staging', release: '0.1.0' }, asShopUser);
    expect(refused.code, refused.output).not.toBe(0);
    const prune = host === 'nx' ? 'nx release-prune checkout' : 'tagdeploy prune checkout';
    expect(errorLine(refused, 'RELEASE_PRUNED')).toBe(
      `checkout 0.1.0 cannot go to staging: a release-prune started deleting it (file:.tagdeploy/store/checkout/releases/0.1.0/pruning.json is there; the next "${prune}" finishes it). Nothing changed. ` +
        `Deploy another release: "${host === 'nx' ? 'nx deploy checkout --env=staging --release=<version>' : 'tagdeploy deploy checkout --env staging --release <version>'}".`,
    );
    expect(await withoutLock()).toEqual(before);
    expect(w.run('status', 'checkout', { json: true }, asShopUser).output).toMatch(/"env": "staging",[^}]*"version": "0\.2\.0"/);

    const rerun = w.run('prune', 'checkout', { keep: '1' }, asShopUser);
    expect(rerun.code, rerun.output).toBe(0);
    expect(versions(await shop.storeFiles())).toEqual(['0.2.0']);
  });
});
