// nx add @tagdeploy/nx: registers the plugin in nx.json (once) with where releases are stored and
// which environments exist, validated before it is written, and keeps .tagdeploy/ and Nx's
// .nx/cache and .nx/workspace-data out of git.
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
  ignoreLocalState(tree);
  if (!options.skipFormat) await formatFiles(tree);
}

/**
 * Keeps tagdeploy's local state and Nx's cache out of git: a tracked .nx/ folder changes on every
 * run and makes each release refuse a dirty tree (DIRTY_TREE). Only the missing lines are added.
 */
function ignoreLocalState(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf8') ?? '') : '';
  const lines = new Set(current.split(/\r?\n/).map((line) => line.trim().replace(/^\//, '').replace(/\/$/, '')));
  const missing = ignoredFolders.filter(({ folder, coveredBy }) => ![folder, ...coveredBy].some((line) => lines.has(line)));
  if (missing.length === 0) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  const added = missing.map(({ comment, folder }) => `# ${comment}\n${folder}/\n`).join('');
  tree.write('.gitignore', `${current}${separator}${added}`);
}

const ignoredFolders = [
  { folder: '.tagdeploy', coveredBy: [], comment: 'tagdeploy: local store, registry and GitOps repo of the embedded defaults' },
  { folder: '.nx/cache', coveredBy: ['.nx'], comment: "Nx's local cache and workspace data (tracked, they make every release refuse a dirty tree)" },
  { folder: '.nx/workspace-data', coveredBy: ['.nx'], comment: "Nx's workspace data" },
];

export default initGenerator;
