// Kill tests for deploy and rollback through nx, like the release ones: the command SIGKILLs itself
// (TAGDEPLOY_CRASH_AT, like a lost CI runner) in the middle of an env change, and the next command
// succeeds without a person's help. On the file store the first kill lands inside the pointer swap
// and leaves its lock; on S3 (no lock there) it lands after the switch, before the history entry.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createShop, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
const uiIndex = 'packages/ui/src/index.ts';

describe('deploy and rollback killed mid-change', () => {
  it('the next deploy and rollback succeed without a person, and the history is whole', async () => {
    shop = await createShop();
    const nx = (args: string[], crashAt?: string) => shop.nx(args, { ...asShopUser, ...(crashAt ? { TAGDEPLOY_CRASH_AT: crashAt } : {}) });
    const ok = (args: string[]) => {
      const run = nx(args);
      expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
      return run;
    };
    ok(['release-product', 'checkout']);
    ok(['deploy', 'checkout', '--env=staging']);
    shop.commit(uiIndex, `${shop.read(uiIndex)}\n// rounding fixed\n`, 'fix(ui): round prices to cents');
    ok(['release-product', 'checkout']);
    const lock = join(shop.dir, '.tagdeploy/store/checkout/envs/.tagdeploy-lock-staging.json');

    const killedDeploy = nx(['deploy', 'checkout', '--env=staging'], shop.storeKind === 'file' ? 'swap-locked:1' : 'env-pointer:2');

    expect(killedDeploy.code, killedDeploy.output).not.toBe(0);
    if (shop.storeKind === 'file') expect(existsSync(lock)).toBe(true);
    const deployed = ok(['deploy', 'checkout', '--env=staging', '--release=0.1.1']);
    expect(deployed.stdout).toMatch(shop.storeKind === 'file' ? /Deployed checkout in staging: 0\.1\.0 → 0\.1\.1/ : /checkout 0\.1\.1 is already live in staging; nothing changed\./);

    const killedRollback = nx(['rollback', 'checkout', '--env=staging', '--reason=totals wrong'], 'env-pointer:3');

    expect(killedRollback.code, killedRollback.output).not.toBe(0);
    const rolledBack = ok(['rollback', 'checkout', '--env=staging', '--release=0.1.0', '--reason=totals wrong']);
    expect(rolledBack.stdout).toContain('checkout 0.1.0 is already live in staging; nothing changed.');
    expect(rolledBack.output).toContain('staging: wrote the missing history entry #3 (0.1.0) that an interrupted run left out');

    const status = JSON.parse(/^\{[\s\S]*^\}/m.exec(ok(['release-status', 'checkout', '--history', '--json']).stdout)![0]) as {
      history: Record<string, { seq: number; action: string; to: string }[]>;
    };
    expect(status.history.staging.map(({ seq, action, to }) => [seq, action, to])).toEqual([[3, 'rollback', '0.1.0'], [2, 'deploy', '0.1.1'], [1, 'deploy', '0.1.0']]);
    expect(existsSync(lock)).toBe(false);
  });
});
