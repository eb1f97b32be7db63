// nx g @tagdeploy/nx:product <name> --kind=static|container [--directory] [--project]:
// scaffold a new deployable product, or make an existing project deployable. Checks everything
// before the first write; never overwrites a file or a project; says what it kept.
import {
  addDependenciesToPackageJson,
  addProjectConfiguration,
  formatFiles,
  installPackagesTask,
  logger,
  readJson,
  readNxJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { parseProductConfig } from '@tagdeploy/core';
import { readTreePluginOptions } from '../shared/read-tree-plugin-options';
import { reportSkipped, toJson, writeNewFiles, type NewFile } from '../shared/write-new-files';
import { checkTargetNames } from './check-target-names';
import { cloudfrontFiles } from './cloudfront-files';
import { containerProductFiles, containerRuntime } from './container-product-files';
import { normalizeProductOptions, type ProductGeneratorOptions } from './normalize-product-options';
import { productConfigFile, productProjectConfig } from './product-project-config';
import { projectFileOf, readProjectTargets, type ReadGraphTargets } from './read-project-targets';
import { resolveExistingBuild, type AskOutputPath } from './resolve-existing-build';
import { staticProductFiles } from './static-product-files';
import { viteVersion } from './versions';

export type { ProductGeneratorOptions };

export async function productGenerator(tree: Tree, raw: ProductGeneratorOptions, ask?: AskOutputPath, readGraph?: ReadGraphTargets): Promise<GeneratorCallback | undefined> {
  const normalized = normalizeProductOptions(tree, raw);
  const options =
    normalized.mode === 'existing'
      ? { ...normalized, project: await readProjectTargets(tree, normalized.name, normalized.project, normalized.buildTarget ?? 'build', readGraph) }
      : normalized;
  const pluginOptions = readTreePluginOptions(tree);
  const { name, kind } = options;
  const root = options.mode === 'new' ? options.root : options.project.root;
  const build =
    options.mode === 'new'
      ? { buildTarget: 'build', outputPath: `dist/${root}` }
      : await resolveExistingBuild(name, options.project, options, projectFileOf(tree, root), ask);
  const project = options.mode === 'new' ? productProjectConfig(kind, root, sourceInput(tree)) : options.project;
  checkTargetNames(name, build.buildTarget, project.targets ?? {}, pluginOptions.targetNames);
  const productFile = productConfigFile(kind, name, root, build, options.mode === 'new' && kind === 'container' ? containerRuntime : undefined);
  parseProductConfig(productFile, `${root}/tagdeploy.json`);

  const files: NewFile[] = [
    ...(options.mode === 'new' ? (kind === 'static' ? staticProductFiles(name, root) : containerProductFiles(name, root)) : []),
    { path: `${root}/tagdeploy.json`, content: toJson(productFile) },
    ...(kind === 'static' ? cloudfrontFiles(name, root, pluginOptions) : []),
  ];
  const skipped: string[] = [];
  if (options.mode === 'new') {
    if (options.rerun) skipped.push(`project ${name}`);
    else addProjectConfiguration(tree, name, project);
  }
  skipped.push(...writeNewFiles(tree, files));
  reportSkipped(skipped);
  const install = options.mode === 'new' ? ensureVite(tree) : undefined;
  if (!raw.skipFormat) await formatFiles(tree);
  logger.info(`tagdeploy: ${name} is a ${kind} product. Try "nx release-product ${name} --dry-run".`);
  return install;
}

/** The build's source input: the workspace's "production" named input when it has one. */
function sourceInput(tree: Tree): string {
  return readNxJson(tree)?.namedInputs?.production ? 'production' : 'default';
}

/** New products build with Vite: add it when the workspace does not have it yet. */
function ensureVite(tree: Tree): GeneratorCallback | undefined {
  const pkg = tree.exists('package.json') ? readJson(tree, 'package.json') : {};
  if (pkg.dependencies?.vite || pkg.devDependencies?.vite) return undefined;
  addDependenciesToPackageJson(tree, {}, { vite: viteVersion });
  return () => installPackagesTask(tree);
}

export default productGenerator;
