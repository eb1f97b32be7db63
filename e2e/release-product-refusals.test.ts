// Bad input for nx release-product: one clear line naming the problem and the fix, a non-zero
// exit, and nothing changed (no tag locally or on the remote, no object in the store).
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createShop, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

async function expectNothingChanged(shop: Shop, before: { tags: string[]; remote: string[]; store: string[] }): Promise<void> {
  expect(shop.localTags()).toEqual(before.tags);
  expect(shop.remoteTags()).toEqual(before.remote);
  expect(await shop.storeFiles()).toEqual(before.store);
}
const snapshot = async (shop: Shop) => ({ tags: shop.localTags(), remote: shop.remoteTags(), store: await shop.storeFiles() });

function expectRefused(run: { code: number | null; output: string }, code: string, message: RegExp): void {
  expect(run.code, run.output).not.toBe(0);
  expect(run.output).toContain(`tagdeploy error [${code}]`);
  expect(run.output).toMatch(message);
}

describe('nx release-product refuses bad input and changes nothing', () => {
  it('refuses a dirty working tree', async () => {
    shop = await createShop();
    shop.write('apps/checkout/src/main.ts', `${shop.read('apps/checkout/src/main.ts')}\n// wip\n`);
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'DIRTY_TREE', /uncommitted changes \(apps\/checkout\/src\/main\.ts\)\. Commit or stash them/);
    await expectNothingChanged(shop, before);
  });

  it('refuses a branch other than the release branch unless --allow-branch', async () => {
    shop = await createShop();
    shop.git(['switch', '-q', '-c', 'feature/x']);
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'WRONG_BRANCH', /on branch "feature\/x", but releases are made from "main".*--allow-branch/);
    await expectNothingChanged(shop, before);
    expect(shop.nx(['release-product', 'checkout', '--allow-branch', '--no-push']).code).toBe(0);
    expect(shop.localTags()).toEqual(['checkout@0.1.0']);
  });

  it('refuses a detached HEAD', async () => {
    shop = await createShop();
    shop.git(['switch', '-q', '--detach', 'HEAD']);
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'DETACHED_HEAD', /HEAD is detached at [0-9a-f]{7}.*git switch main/);
    await expectNothingChanged(shop, before);
  });

  it('refuses a product whose build target does not exist', async () => {
    shop = await createShop();
    shop.commit('apps/checkout/tagdeploy.json', JSON.stringify({ kind: 'static', buildTarget: 'bundle', outputPath: 'dist/apps/checkout' }), 'chore: point at a missing target');
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'BUILD_TARGET_MISSING', /checkout has no target "bundle".*Its targets: .*build/);
    await expectNothingChanged(shop, before);
  });

  it('refuses when the build fails, without tagging', async () => {
    shop = await createShop();
    shop.commit('apps/checkout/src/main.ts', 'import { nothing } from "./missing-module";\nconsole.log(nothing);\n', 'fix(checkout): break the build');
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'BUILD_FAILED', /Building checkout \(nx run checkout:build\) failed.*nothing was tagged or published/);
    await expectNothingChanged(shop, before);
  });

  it('refuses when the build output folder is missing', async () => {
    shop = await createShop();
    shop.commit('apps/checkout/tagdeploy.json', JSON.stringify({ kind: 'static', outputPath: 'dist/apps/nowhere' }), 'chore: wrong output path');
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'BUILD_OUTPUT_MISSING', /dist\/apps\/nowhere/);
    await expectNothingChanged(shop, before);
  });

  it('refuses a build output with a symlink pointing outside it', async () => {
    shop = await createShop();
    const project = JSON.parse(shop.read('apps/checkout/project.json'));
    project.targets['build-leaky'] = {
      executor: 'nx:run-commands',
      options: { commands: ['mkdir -p dist/leaky', 'echo hi > dist/leaky/index.html', 'ln -sfn ../../package.json dist/leaky/secrets.json'], parallel: false },
    };
    shop.commit('apps/checkout/project.json', JSON.stringify(project, null, 2), 'chore: leaky build target');
    shop.commit('apps/checkout/tagdeploy.json', JSON.stringify({ kind: 'static', buildTarget: 'build-leaky', outputPath: 'dist/leaky' }), 'chore: leaky build');
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'UNSAFE_OUTPUT', /secrets\.json/);
    await expectNothingChanged(shop, before);
  });

  it('refuses --first-release when the product has a release tag, and never advises deleting it', async () => {
    shop = await createShop();
    shop.git(['tag', 'checkout@0.1.0']);
    shop.commit('apps/checkout/src/extra.ts', 'export const x = 1;\n', 'feat(checkout): extra');
    const before = await snapshot(shop);
    expectRefused(
      shop.nx(['release-product', 'checkout', '--first-release']),
      'NOT_FIRST_RELEASE',
      /already has releases up to 0\.1\.0 \(checkout@0\.1\.0, not sealed, tagged locally, not pushed to origin\)\. Keep them: release without --first-release/,
    );
    await expectNothingChanged(shop, before);
  });

  it('removes its local tag and publishes nothing when the remote rejects the push', async () => {
    shop = await createShop();
    const hook = join(shop.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "tags are frozen today" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout']), 'PUSH_REJECTED', /checkout@0\.1\.0/);
    await expectNothingChanged(shop, before);
  });

  it.each([
    ['sideways', /--release-as "sideways" is neither a bump kind/],
    ['0.0.1', /not greater than|0\.0\.1/],
  ])('refuses --release-as=%s', async (value, message) => {
    shop = await createShop();
    expect(shop.nx(['release-product', 'checkout', '--release-as=0.5.0']).code).toBe(0);
    shop.commit('apps/checkout/src/extra.ts', 'export const x = 1;\n', 'fix(checkout): extra');
    const before = await snapshot(shop);
    expectRefused(shop.nx(['release-product', 'checkout', `--release-as=${value}`]), 'BAD_RELEASE_AS', message);
    await expectNothingChanged(shop, before);
  });

  it('refuses a malformed tagdeploy.json and lists every problem with its path', async () => {
    shop = await createShop();
    shop.commit('apps/checkout/tagdeploy.json', JSON.stringify({ kind: 'static', outputPath: 5, buildTarget: [], colour: 'blue' }), 'chore: bad config');
    const before = await snapshot(shop);
    const run = shop.nx(['release-product', 'checkout']);
    expectRefused(run, 'INVALID_CONFIG', /apps\/checkout\/tagdeploy\.json has 3 problems/);
    expect(run.output).toMatch(/outputPath: /);
    expect(run.output).toMatch(/buildTarget: /);
    expect(run.output).toMatch(/colour/);
    await expectNothingChanged(shop, before);
  });

  it('refuses a tagPattern without {version}', async () => {
    shop = await createShop();
    const nxJson = JSON.parse(shop.read('nx.json'));
    nxJson.plugins[0].options.tagPattern = 'release-{product}';
    shop.commit('nx.json', JSON.stringify(nxJson, null, 2), 'chore: bad tag pattern');
    const before = await snapshot(shop);
    const run = shop.nx(['release-product', 'checkout']);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/tagPattern: "release-\{product\}" must contain/);
    await expectNothingChanged(shop, before);
  });

  it('refuses a project that is not a product', async () => {
    shop = await createShop();
    const before = await snapshot(shop);
    const run = shop.nx(['release-product', 'ui']);
    expect(run.code).not.toBe(0);
    // Targets are inferred on products only, so Nx itself refuses (its wording varies by version).
    expect(run.output).toMatch(/Cannot find (target "release-product" for project "ui"|configuration for task ui:release-product)/);
    await expectNothingChanged(shop, before);
  });
});
