// The plugin's options, as registered in nx.json, validated once.
import type { NxJsonConfiguration } from '@nx/devkit';
import { parsePluginOptions, type PluginOptions } from '@tagdeploy/core';

export const pluginName = '@tagdeploy/nx';

export function readPluginOptions(nxJson: NxJsonConfiguration | undefined): PluginOptions {
  const entry = (nxJson?.plugins ?? []).find((plugin) => (typeof plugin === 'string' ? plugin : plugin.plugin) === pluginName);
  return parsePluginOptions(typeof entry === 'object' ? entry.options : undefined);
}
