// The plugin options registered in the Tree's nx.json, validated (defaults when not registered).
import { readNxJson, type Tree } from '@nx/devkit';
import type { PluginOptions } from '@tagdeploy/core';
import { readPluginOptions } from '../../adapters/read-plugin-options';

export function readTreePluginOptions(tree: Tree): PluginOptions {
  return readPluginOptions(readNxJson(tree) ?? undefined);
}
