// What every command needs about the product it runs for: the validated settings, the products'
// configs, the product's own config and envs, and the store.
import type { PluginOptions, ProductConfig } from '../config/config-schema';
import { parsePluginOptions } from '../config/parse-config';
import { TagdeployError } from '../errors/tagdeploy-error';
import { notAProductError } from '../plan/not-a-product-error';
import type { Reporter } from '../release/ports';
import type { ObjectStore } from '../store/object-store';
import { resolveStore } from '../store/resolve-store';
import type { Host } from './host';
import { readProductConfigs } from './read-product-configs';

export interface ProductContext {
  product: string;
  config: ProductConfig;
  settings: PluginOptions;
  products: Record<string, ProductConfig>;
  store: ObjectStore;
  reporter: Reporter;
  /** The envs the product may use, in declared order (limited by its tagdeploy.json). */
  envs: string[];
}

export function loadProductContext(host: Host, product: string): ProductContext {
  const reporter = host.reporter(product);
  const settings = parsePluginOptions(host.settings);
  const products = readProductConfigs(host.workspace, product, reporter);
  const config = products[product];
  if (!config) throw notAProduct(product, host, products);
  const allowed = config.environments;
  const envs = Object.keys(settings.environments).filter((env) => !allowed || allowed.includes(env));
  return { product, config, settings, products, store: resolveStore(settings.store, host.workspace.root), reporter, envs };
}

/** Every product of the workspace, by name. */
export function listProducts(host: Host): string[] {
  return Object.keys(readProductConfigs(host.workspace, undefined, host.reporter('tagdeploy'))).sort();
}

function notAProduct(name: string, host: Host, products: Record<string, ProductConfig>): TagdeployError {
  if (name in host.workspace.projects) return notAProductError(name, Object.keys(products));
  const list = Object.keys(products).sort().join(', ') || '(none yet)';
  return new TagdeployError('NOT_A_PRODUCT', `Unknown product "${name}": no project of the workspace has that name. Products: ${list}.`);
}
