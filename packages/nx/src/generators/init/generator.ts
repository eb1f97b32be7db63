// nx add @tagdeploy/nx: registers the plugin in nx.json (once) and keeps .tagdeploy/ out of git.
import { formatFiles, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { parsePluginOptions } from '@tagdeploy/core';
import { pluginName } from '../../adapters/read-plugin-options';

export interface InitOptions {
  store?: string;
  releaseBranch?: string;
  skipFormat?: boolean;
}

export async function initGenerator(tree: Tree, options: InitOptions): Promise<void> {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const registered = plugins.some((plugin) => (typeof plugin === 'string' ? plugin : plugin.plugin) === pluginName);
  if (!registered) {
    const pluginOptions = { releaseBranch: options.releaseBranch ?? 'main', store: options.store ?? 'file:.tagdeploy/store' };
    parsePluginOptions(pluginOptions);
    nxJson.plugins = [...plugins, { plugin: pluginName, options: pluginOptions }];
    updateNxJson(tree, nxJson);
  }
  ignoreStateFolder(tree);
  if (!options.skipFormat) await formatFiles(tree);
}

function ignoreStateFolder(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf8') ?? '') : '';
  if (current.split(/\r?\n/).some((line) => line.trim() === '.tagdeploy/' || line.trim() === '.tagdeploy')) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  tree.write('.gitignore', `${current}${separator}# tagdeploy: local store, registry and GitOps repo of the embedded defaults\n.tagdeploy/\n`);
}

export default initGenerator;
