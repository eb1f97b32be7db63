// What every tagdeploy executor needs about the product it runs for: the validated plugin
// options, the workspace model, the products' configs and the store.
import type { ExecutorContext } from '@nx/devkit';
import { resolveStore, type ObjectStore, type PluginOptions, type ProductConfig, type Reporter, type Workspace } from '@tagdeploy/core';
import { readPluginOptions } from './read-plugin-options';
import { readProducts } from './read-products';
import { readWorkspace } from './read-workspace';

export interface ProductContext {
  product: string;
  settings: PluginOptions;
  workspace: Workspace;
  products: Record<string, ProductConfig>;
  store: ObjectStore;
}

export function loadProductContext(context: ExecutorContext, reporter: Reporter): ProductContext {
  const product = context.projectName as string;
  const settings = readPluginOptions(context.nxJsonConfiguration);
  const workspace = readWorkspace(context.projectGraph, context.root);
  const products = readProducts(workspace, product, reporter);
  return { product, settings, workspace, products, store: resolveStore(settings.store, context.root) };
}

/** The envs a product may use, in declared order. */
export function productEnvs({ product, settings, products }: ProductContext): string[] {
  const allowed = products[product]?.environments;
  return Object.keys(settings.environments).filter((env) => !allowed || allowed.includes(env));
}
