// The plugin's options, as registered in nx.json.
import type { NxJsonConfiguration } from '@nx/devkit';
import { parsePluginOptions, type PluginOptions } from '@tagdeploy/core';

export const pluginName = '@tagdeploy/nx';

/** The options as written (unvalidated): the command layer validates them. */
export function readRawPluginOptions(nxJson: NxJsonConfiguration | undefined): unknown {
  const entry = (nxJson?.plugins ?? []).find((plugin) => (typeof plugin === 'string' ? plugin : plugin.plugin) === pluginName);
  return typeof entry === 'object' ? entry.options : undefined;
}

export function readPluginOptions(nxJson: NxJsonConfiguration | undefined): PluginOptions {
  return parsePluginOptions(readRawPluginOptions(nxJson));
}
