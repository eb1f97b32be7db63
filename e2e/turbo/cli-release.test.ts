// tagdeploy release end to end in a Turborepo + pnpm workspace (a temp copy of examples/turbo-shop):
// the package graph comes from the workspace's own turbo, builds run through turbo, and the plan
// follows the real dependency edges (checkout → ui → utils).
import { afterEach, describe, expect, it } from 'vitest';
import { expectCompleteRelease, storedIndexHtml } from '../support/assertions';
import type { RunResult } from '../support/shop';
import { createTurboShop, type TurboShop } from '../support/turbo-shop';

let shop: TurboShop;
afterEach(() => shop?.cleanup());

const uiIndex = 'packages/ui/src/index.ts';
const utilsIndex = 'packages/utils/src/index.ts';

function ok(args: string[], env: Record<string, string> = {}): RunResult {
  const run = shop.tagdeploy(args, env);
  expect(run.code, `tagdeploy ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

interface PlanJson {
  status: string;
  version: string;
  tag: string;
  bump: string | null;
  commits: { subject: string; breaking: boolean; via: string[] }[];
  affectedProducts: { product: string; via: string[] }[];
}

const dryRunPlan = (): PlanJson => JSON.parse(ok(['release', 'checkout', '--dry-run', '--json']).stdout) as PlanJson;

describe('tagdeploy release in a Turborepo workspace', () => {
  it('makes the first release: tag claimed on the remote, files built by turbo with the version, sealed', async () => {
    shop = await createTurboShop();

    const run = ok(['release', 'checkout']);

    expect(run.stdout).toContain('Released checkout@0.1.0');
    expect(shop.localTags()).toEqual(['checkout@0.1.0']);
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0']);
    const manifest = await expectCompleteRelease(shop, 'checkout', '0.1.0');
    expect(manifest.commit).toBe(shop.git(['rev-parse', 'HEAD']));
    expect(await storedIndexHtml(shop, 'checkout', '0.1.0')).toContain('<p id="version">v0.1.0</p>');
    expect(await shop.storeFiles()).not.toContainEqual(expect.stringMatching(/^storefront\//));
  });

  it('releases a fix in ui as a patch of checkout "via ui", and lists storefront as affected', async () => {
    shop = await createTurboShop();
    ok(['release', 'checkout']);
    shop.commit(uiIndex, `${shop.read(uiIndex)}\n// fixed\n`, 'fix(ui): keep the banner on one line');

    const plan = dryRunPlan();

    expect(plan).toMatchObject({ status: 'release', version: '0.1.1', tag: 'checkout@0.1.1', bump: 'patch' });
    expect(plan.commits).toEqual([expect.objectContaining({ subject: 'keep the banner on one line', via: ['ui'] })]);
    expect(plan.affectedProducts).toContainEqual(expect.objectContaining({ product: 'storefront', via: ['ui'] }));
    ok(['release', 'checkout']);
    expect(shop.remoteTags()).toEqual(['checkout@0.1.0', 'checkout@0.1.1']);
    expect(shop.remoteTags()).not.toContainEqual(expect.stringMatching(/^storefront@/));
  });

  it('gives checkout nothing to release after a storefront-only change (exit 0, nothing tagged)', async () => {
    shop = await createTurboShop();
    ok(['release', 'checkout']);
    shop.commit('apps/storefront/src/main.ts', `${shop.read('apps/storefront/src/main.ts')}\n// storefront only\n`, 'feat(storefront): a new shelf');

    const run = ok(['release', 'checkout']);

    expect(run.stdout).toContain('checkout: nothing to release since checkout@0.1.0');
    expect(shop.localTags()).toEqual(['checkout@0.1.0']);
  });

  it('makes a breaking change in utils a breaking bump of checkout (minor below 1.0.0)', async () => {
    shop = await createTurboShop();
    ok(['release', 'checkout']);
    shop.commit(utilsIndex, `${shop.read(utilsIndex)}\n// breaking\n`, 'feat(utils)!: versionLabel takes an object');

    const plan = dryRunPlan();

    expect(plan).toMatchObject({ version: '0.2.0', bump: 'minor' });
    expect(plan.commits).toEqual([expect.objectContaining({ breaking: true, via: ['utils'] })]);
  });

  it('writes only the plan as JSON on stdout with --dry-run --json, and changes nothing', async () => {
    shop = await createTurboShop();

    const run = ok(['release', 'checkout', '--dry-run', '--json']);

    expect(JSON.parse(run.stdout)).toMatchObject({ product: 'checkout', status: 'release', version: '0.1.0' });
    expect(shop.localTags()).toEqual([]);
    expect(await shop.storeFiles()).toEqual([]);
  });

  it('never publishes a turbo build cached for another version', async () => {
    shop = await createTurboShop();
    // A developer's earlier build leaves checkout in turbo's cache, made for another version.
    expect(shop.turbo(['run', 'build', '--filter=checkout'], { TAGDEPLOY_VERSION: '9.9.9' }).code).toBe(0);
    expect(shop.read('apps/checkout/dist/index.html')).toContain('v9.9.9');

    ok(['release', 'checkout']);

    const html = await storedIndexHtml(shop, 'checkout', '0.1.0');
    expect(html).toContain('<p id="version">v0.1.0</p>');
    expect(html).not.toContain('9.9.9');
  });
});
