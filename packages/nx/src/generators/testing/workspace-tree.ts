// Builders for generator tests: a virtual workspace with the plugin registered, and a snapshot of
// the tree's pending changes to assert "nothing changed".
import { addProjectConfiguration, logger, readNxJson, updateNxJson, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { PluginOptionsInput } from '@tagdeploy/core';
import { vi } from 'vitest';

export function aWorkspace(pluginOptions: PluginOptionsInput | null = stagingAndProduction): Tree {
  const tree = createTreeWithEmptyWorkspace();
  if (pluginOptions) {
    const nxJson = readNxJson(tree) ?? {};
    nxJson.plugins = [...(nxJson.plugins ?? []), { plugin: '@tagdeploy/nx', options: pluginOptions }];
    updateNxJson(tree, nxJson);
  }
  return tree;
}

export const stagingAndProduction: PluginOptionsInput = {
  store: 'file:.tagdeploy/store',
  environments: {
    staging: { router: { type: 'local' } },
    production: { promoteFrom: 'staging', approval: 'required', router: { type: 'local' } },
  },
};

export function withProject(tree: Tree, name: string, config: Omit<ProjectConfiguration, 'name'>): Tree {
  addProjectConfiguration(tree, name, config);
  return tree;
}

/** Every pending change of the tree with its content, to compare before and after a run. */
export function changesOf(tree: Tree): [string, string, string | undefined][] {
  return tree.listChanges().map((change) => [change.path, change.type, change.content?.toString('utf8')]);
}

export const readText = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';
export const readJsonFile = (tree: Tree, path: string): any => JSON.parse(readText(tree, path));

/** Keeps test output readable: formatFiles' "no formatter" notes and the generators' info lines. */
export function quietGenerators(): void {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(logger, 'info').mockImplementation(() => undefined);
}
