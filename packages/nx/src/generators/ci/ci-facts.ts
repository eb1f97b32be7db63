// What the CI files are generated from: the workspace's products, its environments (in declared
// order, with their promotion path), the inferred target names and the package manager.
import type { Tree } from '@nx/devkit';
import type { PluginOptions } from '@tagdeploy/core';
import { refuse } from '../shared/generator-error';
import { listProducts } from '../shared/list-products';
import { readTreePluginOptions } from '../shared/read-tree-plugin-options';

export interface CiFacts {
  products: string[];
  envs: string[];
  /** Environments that are promoted from another one (the "promote" workflow's choices). */
  promotedEnvs: string[];
  /** Environments that need an approver. */
  approvalEnvs: string[];
  /** Environments whose approver must not be the requester (four eyes). */
  distinctApproverEnvs: string[];
  targets: PluginOptions['targetNames'];
  storeOnS3: boolean;
  packageManager: PackageManager;
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

export function readCiFacts(tree: Tree): CiFacts {
  const options = readTreePluginOptions(tree);
  const products = listProducts(tree).map((product) => product.name);
  if (products.length === 0) {
    refuse('NOT_A_PRODUCT', 'This workspace has no products yet, so the workflows would have nothing to offer. Run "nx g @tagdeploy/nx:product <name> --kind=static|container" first, then this generator again.');
  }
  const envs = Object.keys(options.environments);
  if (envs.length === 0) {
    refuse('UNKNOWN_ENV', 'No environments are declared in the @tagdeploy/nx plugin options in nx.json. Declare them (e.g. run "nx g @tagdeploy/nx:init --environments=staging,production" in a workspace without the plugin, or add "environments" by hand), then run this generator again.');
  }
  const store = typeof options.store === 'string' ? options.store : options.store.url;
  return {
    products,
    envs,
    promotedEnvs: envs.filter((env) => options.environments[env].promoteFrom),
    approvalEnvs: envs.filter((env) => options.environments[env].approval === 'required'),
    distinctApproverEnvs: envs.filter((env) => options.environments[env].distinctApprover),
    targets: options.targetNames,
    storeOnS3: store.startsWith('s3://'),
    packageManager: tree.exists('pnpm-lock.yaml') ? 'pnpm' : tree.exists('yarn.lock') ? 'yarn' : 'npm',
  };
}
