import { describe, expect, it } from 'vitest';
import type { PackageManager } from './detect-workspace';
import { PackageManagerProductBuilder } from './package-manager-product-builder';
import { readPackageWorkspace } from './read-package-workspace';
import { failure } from './testing/failure';
import { aBuildablePackage, linkRepoBins, type TempWorkspace, tempWorkspaces } from './testing/temp-workspace';

const aTempWorkspace = tempWorkspaces();

const roots: Record<PackageManager, Record<string, string | object>> = {
  npm: { 'package.json': { name: 'root', private: true, workspaces: ['packages/*'] }, 'package-lock.json': { lockfileVersion: 3 } },
  pnpm: { 'package.json': { name: 'root', private: true }, 'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n' },
  yarn: { 'package.json': { name: 'root', private: true, workspaces: ['packages/*'] }, 'yarn.lock': '' },
};

/** A workspace of this package manager (not installed: the packages have no dependencies) with a shop that builds. */
async function aWorkspace(manager: PackageManager, files: Record<string, string | object> = {}): Promise<{ workspace: TempWorkspace; builder: PackageManagerProductBuilder }> {
  const workspace = aTempWorkspace({ ...roots[manager], ...aBuildablePackage('shop'), ...files });
  if (manager !== 'npm') linkRepoBins(workspace, [manager]);
  return { workspace, builder: new PackageManagerProductBuilder(await readPackageWorkspace(workspace.root, manager), manager) };
}

const release = (version: string) => ({ product: 'shop', target: 'build', version, tag: `shop@${version}`, commit: 'abc1234' });

describe('PackageManagerProductBuilder', () => {
  it.each(['npm', 'pnpm', 'yarn'] as const)("runs the package's script through %s with the release in its environment", async (manager) => {
    const { workspace, builder } = await aWorkspace(manager);
    await builder.build(release('0.3.0'));
    expect(workspace.read('packages/shop/dist/release.txt')).toBe('0.3.0 shop@0.3.0 abc1234');
  });

  it.each(['npm', 'pnpm'] as const)('builds the workspace packages the product depends on first, through %s', async (manager) => {
    const { workspace, builder } = await aWorkspace(manager, {
      ...aBuildablePackage('lib'),
      'packages/shop/package.json': { name: 'shop', version: '0.0.0', scripts: { build: 'node build.js' }, dependencies: { lib: manager === 'pnpm' ? 'workspace:*' : '*' } },
      'packages/shop/build.js': "const fs = require('node:fs');\nfs.mkdirSync('dist', { recursive: true });\nfs.writeFileSync('dist/release.txt', 'shop with lib ' + fs.readFileSync('../lib/dist/release.txt', 'utf8'));\n",
    });

    await builder.build(release('0.4.0'));

    expect(workspace.read('packages/shop/dist/release.txt')).toBe('shop with lib 0.4.0 shop@0.4.0 abc1234');
  });

  it('fails with BUILD_TARGET_MISSING naming the package and the script, before running anything', async () => {
    const { builder } = await aWorkspace('pnpm');
    const error = await failure(builder.build({ ...release('0.1.0'), target: 'bundle' }));
    expect(error.code).toBe('BUILD_TARGET_MISSING');
    expect(error.message).toContain('shop has no "bundle" script in packages/shop/package.json');
    expect(error.message).toContain('Its scripts: build');
  });

  it.each([
    ['npm', 'npm run build -w shop'],
    ['pnpm', 'pnpm --filter shop run build'],
    ['yarn', 'yarn workspace shop run build'],
  ] as const)('fails with BUILD_FAILED naming the %s command that ran, and says nothing was tagged or published', async (manager, command) => {
    const { builder } = await aWorkspace(manager, { 'packages/shop/build.js': 'process.exit(3);\n' });
    const error = await failure(builder.build(release('0.1.0')));
    expect(error.code).toBe('BUILD_FAILED');
    expect(error.message).toContain(`Building shop (${command}) failed with exit code`);
    expect(error.message).toContain('nothing was tagged or published');
  });

});
