// What the CI files are generated from: the workspace's products, its environments (in declared
// order, with their promotion path), the inferred target names and the package manager.
import type { Tree } from '@nx/devkit';
import type { PluginOptions } from '@tagdeploy/core';
import { refuse } from '../shared/generator-error';
import { resolveCiBackends, type CiBackends, type LocalSetting } from './ci-backends';
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
  /** The shared services the jobs need credentials for. */
  backends: CiBackends;
  packageManager: PackageManager;
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

export function readCiFacts(tree: Tree): CiFacts {
  const options = readTreePluginOptions(tree);
  const listed = listProducts(tree);
  const products = listed.map((product) => product.name);
  if (products.length === 0) {
    refuse('NOT_A_PRODUCT', 'This workspace has no products yet, so the workflows would have nothing to offer. Run "nx g @tagdeploy/nx:product <name> --kind=static|container" first, then this generator again.');
  }
  const envs = Object.keys(options.environments);
  if (envs.length === 0) {
    refuse('UNKNOWN_ENV', 'No environments are declared in the @tagdeploy/nx plugin options in nx.json. Declare them (e.g. run "nx g @tagdeploy/nx:init --environments=staging,production" in a workspace without the plugin, or add "environments" by hand), then run this generator again.');
  }
  const { backends, local } = resolveCiBackends(options, listed.some((product) => product.config.kind === 'container'));
  if (local.length > 0) refuse('INVALID_CONFIG', localSettingsMessage(local));
  return {
    products,
    envs,
    promotedEnvs: envs.filter((env) => options.environments[env].promoteFrom),
    approvalEnvs: envs.filter((env) => options.environments[env].approval === 'required'),
    distinctApproverEnvs: envs.filter((env) => options.environments[env].distinctApprover),
    targets: options.targetNames,
    backends,
    packageManager: tree.exists('pnpm-lock.yaml') ? 'pnpm' : tree.exists('yarn.lock') ? 'yarn' : 'npm',
  };
}

/** Why CI cannot work with these settings, and what to set each one to. */
function localSettingsMessage(local: LocalSetting[]): string {
  const settings = local.map((setting) => `"${setting.path}" is "${setting.value}" (set it to ${setting.fix})`).join('; ');
  return `CI runners are thrown away after each job, but these settings keep releases on this machine, so a deploy on the next runner would find nothing: ${settings}. Change them in the @tagdeploy/nx plugin options in nx.json, commit, then run this generator again; nothing was written.`;
}
