// Against real temp folders: what a checkout's node_modules links lead to.
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linkInstalledModules } from './link-installed-modules';

let base: string;
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** A workspace with an installed dependency, and a checkout of it (sources only). */
function aWorkspaceAndCheckout(): { workspace: string; checkout: string } {
  base = mkdtempSync(join(tmpdir(), 'tagdeploy-link-modules-'));
  const workspace = join(base, 'workspace');
  const checkout = join(base, 'checkout');
  for (const root of [workspace, checkout]) {
    for (const folder of ['apps/checkout', 'packages/ui']) mkdirSync(join(root, folder), { recursive: true });
  }
  mkdirSync(join(workspace, 'node_modules/.pnpm/vite@1/node_modules/vite'), { recursive: true });
  writeFileSync(join(workspace, 'node_modules/.pnpm/vite@1/node_modules/vite/package.json'), '{}');
  return { workspace, checkout };
}

describe('linkInstalledModules', () => {
  it("points a pnpm package's link to another workspace package at the checkout's copy, and the rest at the installed one", async () => {
    const { workspace, checkout } = aWorkspaceAndCheckout();
    mkdirSync(join(workspace, 'apps/checkout/node_modules'));
    symlinkSync('../../../packages/ui', join(workspace, 'apps/checkout/node_modules/ui'));
    symlinkSync('../../../node_modules/.pnpm/vite@1/node_modules/vite', join(workspace, 'apps/checkout/node_modules/vite'));
    mkdirSync(join(workspace, 'apps/checkout/node_modules/.vite'));

    await linkInstalledModules(workspace, checkout, ['apps/checkout', 'packages/ui']);

    expect(realpathSync(join(checkout, 'apps/checkout/node_modules/ui'))).toBe(realpathSync(join(checkout, 'packages/ui')));
    expect(realpathSync(join(checkout, 'apps/checkout/node_modules/vite'))).toBe(realpathSync(join(workspace, 'node_modules/.pnpm/vite@1/node_modules/vite')));
    // The build's cache is its own, never written into the workspace's node_modules.
    expect(existsSync(join(checkout, 'apps/checkout/node_modules/.vite'))).toBe(false);
  });

  it("follows npm's scoped workspace links into the checkout", async () => {
    const { workspace, checkout } = aWorkspaceAndCheckout();
    mkdirSync(join(workspace, 'node_modules/@shop'), { recursive: true });
    symlinkSync('../../packages/ui', join(workspace, 'node_modules/@shop/ui'));

    await linkInstalledModules(workspace, checkout, []);

    expect(readlinkSync(join(checkout, 'node_modules/@shop/ui'))).toBe('../../packages/ui');
    expect(realpathSync(join(checkout, 'node_modules/@shop/ui'))).toBe(realpathSync(join(checkout, 'packages/ui')));
    expect(realpathSync(join(checkout, 'node_modules/.pnpm'))).toBe(realpathSync(join(workspace, 'node_modules/.pnpm')));
  });

  it('leaves a folder without installed modules alone', async () => {
    const { workspace, checkout } = aWorkspaceAndCheckout();
    await linkInstalledModules(workspace, checkout, ['packages/ui']);
    expect(existsSync(join(checkout, 'packages/ui/node_modules'))).toBe(false);
  });
});
