import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectWorkspace } from './detect-workspace';
import { NxProductBuilder } from './nx-product-builder';
import { readHostWorkspace } from './read-host-workspace';
import { failure } from './testing/failure';
import { aBuildablePackage, linkRepoBins, repoNodeModules, tempWorkspaces } from './testing/temp-workspace';
import { TurboProductBuilder } from './turbo-product-builder';

const aWorkspace = tempWorkspaces();

const pnpmWorkspace = {
  'package.json': { name: 'root', private: true, packageManager: 'pnpm@10.34.9' },
  'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
  ...aBuildablePackage('shop'),
};

describe('readHostWorkspace', () => {
  it('reads tagdeploy.config.json at the root as the raw settings', async () => {
    const { root } = aWorkspace({ ...pnpmWorkspace, 'tagdeploy.config.json': { releaseBranch: 'trunk', environments: { staging: {} } } });
    const host = await readHostWorkspace(detectWorkspace(root));
    expect(host.rawSettings).toEqual({ releaseBranch: 'trunk', environments: { staging: {} } });
    expect(host.settingsFile).toBe('tagdeploy.config.json');
  });

  it('has no settings without tagdeploy.config.json, and names that file for messages', async () => {
    const { root } = aWorkspace(pnpmWorkspace);
    const host = await readHostWorkspace(detectWorkspace(root));
    expect(host.rawSettings).toBeUndefined();
    expect(host.settingsFile).toBe('tagdeploy.config.json');
  });

  it('fails with INVALID_CONFIG naming tagdeploy.config.json when it is not valid JSON', async () => {
    const { root } = aWorkspace({ ...pnpmWorkspace, 'tagdeploy.config.json': '{ "releaseBranch": "main", }' });
    const error = await failure(readHostWorkspace(detectWorkspace(root)));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(/^tagdeploy\.config\.json is not valid JSON/);
  });

  it('reads the workspace graph and builds its products through the package manager', async () => {
    const workspace = aWorkspace(pnpmWorkspace);
    linkRepoBins(workspace, ['pnpm']);
    const host = await readHostWorkspace(detectWorkspace(workspace.root));
    expect(host.workspace.projects.shop).toEqual({ name: 'shop', root: 'packages/shop', dependencies: [], targets: ['build'] });
    await host.builder.build({ product: 'shop', target: 'build', version: '1.2.0', tag: 'shop@1.2.0', commit: 'abc1234' });
    expect(workspace.read('packages/shop/dist/release.txt')).toBe('1.2.0 shop@1.2.0 abc1234');
  });

  it('reads a Turborepo through turbo and chooses the turbo builder', async () => {
    const workspace = aWorkspace({ ...pnpmWorkspace, 'turbo.json': { tasks: { build: {} } } });
    linkRepoBins(workspace, ['turbo']);
    const host = await readHostWorkspace(detectWorkspace(workspace.root));
    expect(Object.keys(host.workspace.projects)).toEqual(['shop']);
    expect(host.builder).toBeInstanceOf(TurboProductBuilder);
  });

  it('in an Nx workspace without tagdeploy.config.json, takes the @tagdeploy/nx options from nx.json', async () => {
    const workspace = aWorkspace({
      'package.json': { name: 'root', private: true },
      'nx.json': { plugins: [{ plugin: '@tagdeploy/nx', options: { releaseBranch: 'trunk' } }] },
      'apps/shop/project.json': { name: 'shop', root: 'apps/shop', targets: { build: { command: 'echo shop' } } },
      // Nx loads every plugin in nx.json: a stand-in for @tagdeploy/nx (not under test) keeps the built one out of this test.
      'node_modules/@tagdeploy/nx/package.json': { name: '@tagdeploy/nx', version: '0.0.0', main: 'index.js' },
      'node_modules/@tagdeploy/nx/index.js': "module.exports = { name: '@tagdeploy/nx' };\n",
    });
    mkdirSync(join(workspace.root, 'node_modules'), { recursive: true });
    symlinkSync(join(repoNodeModules, 'nx'), join(workspace.root, 'node_modules', 'nx'), 'dir');
    const host = await readHostWorkspace(detectWorkspace(workspace.root));
    expect(host.rawSettings).toEqual({ releaseBranch: 'trunk' });
    expect(host.settingsFile).toBe('nx.json');
    expect(host.workspace.projects.shop).toEqual({ name: 'shop', root: 'apps/shop', dependencies: [], targets: ['build'] });
    expect(host.builder).toBeInstanceOf(NxProductBuilder);
  });
});
