// nx add @tagdeploy/nx: registers the plugin in nx.json (once) with where releases are stored and
// which environments exist, validated before it is written, and keeps .tagdeploy/ out of git.
// nx.json is JSON, so the explanation of what was written goes to the generator's output.
import { formatFiles, logger, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { buildInitSettings, parsePluginOptions } from '@tagdeploy/core';
import { pluginName } from '../../adapters/read-plugin-options';
import { describePluginOptions } from './build-init-plugin-options';

export interface InitOptions {
  store?: string;
  releaseBranch?: string;
  /** Environment names in promotion order, comma-separated: "staging,production". */
  environments?: string;
  skipFormat?: boolean;
}

export async function initGenerator(tree: Tree, options: InitOptions): Promise<void> {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const registered = plugins.some((plugin) => (typeof plugin === 'string' ? plugin : plugin.plugin) === pluginName);
  if (registered) {
    logger.info(`tagdeploy: ${pluginName} is already registered in nx.json; its options were left as they are.`);
  } else {
    const pluginOptions = buildInitSettings(options);
    parsePluginOptions(pluginOptions);
    nxJson.plugins = [...plugins, { plugin: pluginName, options: pluginOptions }];
    updateNxJson(tree, nxJson);
    logger.info(describePluginOptions(pluginOptions));
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
