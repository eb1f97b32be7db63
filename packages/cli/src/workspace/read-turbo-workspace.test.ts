import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTurboWorkspace } from './read-turbo-workspace';
import { failure } from './testing/failure';
import { linkRepoBins, type TempWorkspace, tempWorkspaces } from './testing/temp-workspace';

const aTempWorkspace = tempWorkspaces();

/** A Turborepo on npm workspaces with this repository's turbo (2.8.17) in node_modules/.bin. */
function aTurborepo(files: Record<string, string | object>, turboJson: object = { tasks: { build: { outputs: ['dist/**'] } } }): TempWorkspace {
  const workspace = aTempWorkspace({
    'package.json': { name: 'root', private: true, packageManager: 'npm@10.9.0', workspaces: ['apps/*', 'libs/*'], scripts: { build: 'turbo run build' } },
    'turbo.json': turboJson,
    ...files,
  });
  linkRepoBins(workspace, ['turbo']);
  return workspace;
}

const shop = {
  'apps/shop/package.json': { name: 'shop', scripts: { build: 'node build.js', test: 'node test.js' }, dependencies: { ui: '*' } },
  'libs/ui/package.json': { name: 'ui', scripts: { build: 'node build.js' }, devDependencies: { utils: '*' } },
  'libs/utils/package.json': { name: 'utils' },
};

describe('readTurboWorkspace', () => {
  it('maps each package to a project with its path as root and its scripts as targets', async () => {
    const { root } = aTurborepo(shop);
    const workspace = await readTurboWorkspace(root, 'npm');
    expect(workspace.root).toBe(root);
    expect(workspace.projects.shop).toEqual({ name: 'shop', root: 'apps/shop', dependencies: ['ui'], targets: ['build', 'test'] });
    expect(workspace.projects.utils).toEqual({ name: 'utils', root: 'libs/utils', dependencies: [], targets: [] });
  });

  it('keeps only direct dependency edges (shop -> ui -> utils, not shop -> utils)', async () => {
    const { root } = aTurborepo(shop);
    const workspace = await readTurboWorkspace(root, 'npm');
    expect(Object.fromEntries(Object.values(workspace.projects).map((project) => [project.name, project.dependencies]))).toEqual({ shop: ['ui'], ui: ['utils'], utils: [] });
  });

  it('draws edges for pnpm workspace:* and workspace:^ ranges', async () => {
    const workspace = aTempWorkspace({
      'package.json': { name: 'root', private: true, packageManager: 'pnpm@10.34.9' },
      'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "libs/*"\n',
      'turbo.json': { tasks: { build: {} } },
      'apps/shop/package.json': { name: 'shop', dependencies: { ui: 'workspace:*' }, devDependencies: { utils: 'workspace:^' } },
      'libs/ui/package.json': { name: 'ui', version: '1.0.0' },
      'libs/utils/package.json': { name: 'utils', version: '1.0.0' },
    });
      linkRepoBins(workspace, ['turbo']);
    const { projects } = await readTurboWorkspace(workspace.root, 'pnpm');
    expect(projects.shop.dependencies.sort()).toEqual(['ui', 'utils']);
  });

  it('leaves out the workspace root package ("//" to turbo)', async () => {
    const { root } = aTurborepo(shop);
    const workspace = await readTurboWorkspace(root, 'npm');
    expect(Object.keys(workspace.projects).sort()).toEqual(['shop', 'ui', 'utils']);
  });

  it('fails with TURBO_MISSING and the install command when turbo is neither in node_modules/.bin nor on PATH', async () => {
    const workspace = aTempWorkspace({ 'package.json': { name: 'root', packageManager: 'pnpm@10.34.9' }, 'turbo.json': { tasks: {} } });
      const emptyPath = mkdtempSync(join(tmpdir(), 'tagdeploy-empty-path-'));
    try {
      const error = await failure(readTurboWorkspace(workspace.root, 'pnpm', { ...process.env, PATH: emptyPath }));
      expect(error.code).toBe('TURBO_MISSING');
      expect(error.message).toContain('pnpm add --save-dev --workspace-root turbo');
    } finally {
      rmSync(emptyPath, { recursive: true, force: true });
    }
  });

  it("fails with WORKSPACE_UNREADABLE and turbo's own error line when turbo cannot read the repository", async () => {
    const { root } = aTurborepo(shop, { tasks: { build: { outputz: ['dist/**'] } } });
    const error = await failure(readTurboWorkspace(root, 'npm'));
    expect(error.code).toBe('WORKSPACE_UNREADABLE');
    expect(error.message).toContain(`turbo query failed in ${root}: Failed to parse turbo.json: Found an unknown key \`outputz\`.`);
  });
});
