// release-prune through nx on S3 (e2e-s3 project: s3rver behind the conditional-write proxy): it
// keeps what staging runs and deletes the old release; killed after it removed a seal (holding the
// env-change lock), it leaves that release unsealed, never sealed-but-incomplete, and the rerun
// takes over the dead run's lock, converges, and leaves no lock behind. Tags are never deleted.
import { describe, expect, it } from 'vitest';
import { envChangeLockKey } from '../../packages/core/src/env/env-change-lock';
import { createShop, type RunResult, type Shop } from '../support/shop';

const asShopUser = { TAGDEPLOY_ACTOR: 'ana', TAGDEPLOY_APPROVER: '' };

function nxOk(shop: Shop, args: string[]): RunResult {
  const run = shop.nx(args, asShopUser);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

const versions = (keys: string[]) => [...new Set(keys.filter((key) => key.startsWith('checkout/releases/')).map((key) => key.split('/')[2]))].sort();

describe('release-prune on S3 through nx', () => {
  it('deletes the old release, survives a kill holding the lock, and converges', async () => {
    const shop = await createShop();
    try {
      expect(shop.storeKind).toBe('s3');
      for (const step of ['one', 'two', 'three']) {
        shop.write('apps/checkout/src/main.ts', `${shop.read('apps/checkout/src/main.ts')}\n// ${step}\n`);
        shop.git(['commit', '-q', '-am', `feat(checkout): ${step}`]);
        nxOk(shop, ['release-product', 'checkout']);
      }
      nxOk(shop, ['deploy', 'checkout', '--env=staging', '--release=0.2.0']);
      const tags = { local: shop.localTags(), remote: shop.remoteTags() };

      const killed = shop.nx(['release-prune', 'checkout', '--keep=1'], { ...asShopUser, TAGDEPLOY_CRASH_AT: 'prune-unsealed:1' });
      expect(killed.code, killed.output).not.toBe(0);
      const halfway = await shop.storeFiles();
      expect(halfway).toContain('checkout/releases/0.1.0/pruning.json');
      expect(halfway).not.toContain('checkout/releases/0.1.0/release.json');
      expect(halfway).toContain(envChangeLockKey('checkout'));

      const rerun = nxOk(shop, ['release-prune', 'checkout', '--keep=1']);
      expect(rerun.output).toContain('deleted 0.1.0: an interrupted prune: finishing it');
      expect(rerun.output).toContain('keep    0.2.0: live in staging; promotion source for production');
      const after = await shop.storeFiles();
      expect(versions(after)).toEqual(['0.2.0', '0.3.0']);
      expect(after).not.toContain(envChangeLockKey('checkout'));
      expect({ local: shop.localTags(), remote: shop.remoteTags() }).toEqual(tags);
      // What staging runs is whole: a deploy of it verifies every byte.
      nxOk(shop, ['deploy', 'checkout', '--env=production', '--release=0.2.0', '--approve', '--approved-by=Bo']);
    } finally {
      shop.cleanup();
    }
  });
});
