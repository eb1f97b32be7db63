import { describe, expect, it } from 'vitest';
import { readPackageWorkspace } from './read-package-workspace';
import { failure } from './testing/failure';
import { tempWorkspaces } from './testing/temp-workspace';

const aWorkspace = tempWorkspaces();

const npmRoot = { 'package.json': { name: 'root', private: true, workspaces: ['apps/*', 'libs/*'] }, 'package-lock.json': { lockfileVersion: 3 } };
const pnpmRoot = { 'package.json': { name: 'root', private: true }, 'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "libs/*"\n' };

describe('readPackageWorkspace', () => {
  it('lists every workspace package with its root and its scripts as targets', async () => {
    const { root } = aWorkspace({ ...npmRoot, 'apps/shop/package.json': { name: 'shop', scripts: { build: 'x', test: 'y' } }, 'libs/ui/package.json': { name: '@acme/ui' } });
    const workspace = await readPackageWorkspace(root, 'npm');
    expect(workspace).toEqual({
      root,
      projects: {
        shop: { name: 'shop', root: 'apps/shop', dependencies: [], targets: ['build', 'test'] },
        '@acme/ui': { name: '@acme/ui', root: 'libs/ui', dependencies: [], targets: [] },
      },
    });
  });

  it('draws an edge for dependencies, devDependencies, optionalDependencies and peerDependencies on workspace packages only', async () => {
    const { root } = aWorkspace({
      ...npmRoot,
      'apps/shop/package.json': { name: 'shop', dependencies: { ui: '*', react: '^19.0.0' }, devDependencies: { utils: '*' }, optionalDependencies: { icons: '*' }, peerDependencies: { theme: '*' } },
      'libs/ui/package.json': { name: 'ui' },
      'libs/utils/package.json': { name: 'utils' },
      'libs/icons/package.json': { name: 'icons' },
      'libs/theme/package.json': { name: 'theme' },
    });
    const workspace = await readPackageWorkspace(root, 'npm');
    expect(workspace.projects.shop.dependencies.sort()).toEqual(['icons', 'theme', 'ui', 'utils']);
  });

  it('draws edges for pnpm workspace: ranges (workspace:*, workspace:^ and an alias to another package)', async () => {
    const { root } = aWorkspace({
      ...pnpmRoot,
      'apps/shop/package.json': { name: 'shop', dependencies: { ui: 'workspace:*', 'my-utils': 'workspace:utils@*' }, devDependencies: { '@acme/config': 'workspace:^' } },
      'libs/ui/package.json': { name: 'ui' },
      'libs/utils/package.json': { name: 'utils' },
      'libs/config/package.json': { name: '@acme/config' },
    });
    const workspace = await readPackageWorkspace(root, 'pnpm');
    expect(workspace.projects.shop.dependencies.sort()).toEqual(['@acme/config', 'ui', 'utils']);
  });

  it('reads yarn 1 workspaces (package.json "workspaces" with a yarn.lock)', async () => {
    const { root } = aWorkspace({
      'package.json': { name: 'root', private: true, workspaces: { packages: ['apps/*', 'libs/*'] } },
      'yarn.lock': '',
      'apps/shop/package.json': { name: 'shop', dependencies: { ui: '1.0.0' } },
      'libs/ui/package.json': { name: 'ui', version: '1.0.0' },
    });
    const workspace = await readPackageWorkspace(root, 'yarn');
    expect(workspace.projects).toMatchObject({ shop: { root: 'apps/shop', dependencies: ['ui'] }, ui: { root: 'libs/ui', dependencies: [] } });
  });

  it('leaves the workspace root package out: it is not a product', async () => {
    const { root } = aWorkspace({ ...pnpmRoot, 'apps/shop/package.json': { name: 'shop' } });
    const workspace = await readPackageWorkspace(root, 'pnpm');
    expect(Object.keys(workspace.projects)).toEqual(['shop']);
  });

  it('fails with WORKSPACE_UNREADABLE, and how to fix it, for npm workspaces without a package-lock.json', async () => {
    const { root } = aWorkspace({ 'package.json': { name: 'root', workspaces: ['apps/*'] }, 'apps/shop/package.json': { name: 'shop' } });
    const error = await failure(readPackageWorkspace(root, 'npm'));
    expect(error.code).toBe('WORKSPACE_UNREADABLE');
    expect(error.message).toContain(`Could not list the npm workspace packages of ${root}`);
    expect(error.message).toContain('run "npm install" once');
  });

  it('fails with INVALID_CONFIG naming the package.json files that have no name', async () => {
    const { root } = aWorkspace({ ...pnpmRoot, 'apps/shop/package.json': { version: '1.0.0' } });
    const error = await failure(readPackageWorkspace(root, 'pnpm'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('apps/shop/package.json');
  });
});
