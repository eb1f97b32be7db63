import { describe, expect, it } from 'vitest';
import { readNxPluginOptions, readNxWorkspace } from './read-nx-workspace';
import { failure } from './testing/failure';
import { linkRepoNodeModules, type TempWorkspace, tempWorkspaces } from './testing/temp-workspace';

const aTempWorkspace = tempWorkspaces();

function aWorkspace(files: Record<string, string | object>): TempWorkspace {
  return aTempWorkspace({ 'package.json': { name: 'root', private: true }, ...files });
}

/** An Nx workspace on this repository's nx (23.3.2): shop -> ui -> utils (implicit dependencies). */
function anNxWorkspace(): TempWorkspace {
  const workspace = aWorkspace({
    'nx.json': {},
    'apps/shop/project.json': { name: 'shop', root: 'apps/shop', implicitDependencies: ['ui'], targets: { build: { command: 'echo shop' }, test: { command: 'echo test' } } },
    'libs/ui/project.json': { name: 'ui', root: 'libs/ui', implicitDependencies: ['utils'], targets: { build: { command: 'echo ui' } } },
    'libs/utils/project.json': { name: 'utils', root: 'libs/utils' },
  });
  linkRepoNodeModules(workspace);
  return workspace;
}

describe('readNxWorkspace', () => {
  it('maps the Nx project graph: roots, direct edges only, and targets', async () => {
    const workspace = anNxWorkspace();
    const { root, projects } = await readNxWorkspace(workspace.root);
    expect(root).toBe(workspace.root);
    expect(projects.shop).toEqual({ name: 'shop', root: 'apps/shop', dependencies: ['ui'], targets: ['build', 'test'] });
    expect(projects.ui).toEqual({ name: 'ui', root: 'libs/ui', dependencies: ['utils'], targets: ['build'] });
    expect(projects.utils).toEqual({ name: 'utils', root: 'libs/utils', dependencies: [], targets: [] });
  });

  it('fails with NX_MISSING when the workspace has no nx installed', async () => {
    const { root } = aWorkspace({ 'nx.json': {} });
    const error = await failure(readNxWorkspace(root));
    expect(error.code).toBe('NX_MISSING');
    expect(error.message).toContain(`nx is not installed in ${root}`);
  });
});

describe('readNxPluginOptions', () => {
  it('returns the @tagdeploy/nx options as written, from an nx.json with comments', () => {
    const { root } = aWorkspace({
      'nx.json': '{\n  // the release tool\n  "plugins": ["@nx/js", { "plugin": "@tagdeploy/nx", "options": { "releaseBranch": "trunk", "store": "file:.tagdeploy/store", } }],\n}\n',
    });
    expect(readNxPluginOptions(root)).toEqual({ releaseBranch: 'trunk', store: 'file:.tagdeploy/store' });
  });

  it('returns undefined when nx.json does not register the plugin with options', () => {
    const { root } = aWorkspace({ 'nx.json': { plugins: ['@tagdeploy/nx'] } });
    expect(readNxPluginOptions(root)).toBeUndefined();
  });
});
