// status [product]: what is live where. Static products: the store's env pointers (and drift
// from the routers); container products: the GitOps repo's env files and their commit trailers.
// Without a product: every product of the workspace, one table each.
import { readReleaseStatus, type ReleaseStatus } from '../env/read-release-status';
import { renderReleaseStatus } from '../env/render-release-status';
import { openGitopsRepo } from '../gitops/open-gitops-repo';
import { readGitopsStatus, type GitopsReleaseStatus } from '../gitops/read-gitops-status';
import { renderGitopsStatus } from '../gitops/render-gitops-status';
import { resolveRouter } from '../router/resolve-router';
import type { CommandResult, Host } from './host';
import { listProducts, loadProductContext, type ProductContext } from './load-product-context';

export interface StatusRequest {
  product: string;
  history?: boolean;
}

export type ProductStatus = ReleaseStatus | GitopsReleaseStatus;

export async function readStatus(request: StatusRequest, host: Host): Promise<CommandResult<ProductStatus>> {
  const context = loadProductContext(host, request.product);
  return context.config.kind === 'container' ? gitopsStatus(context, request, host.workspace.root) : storeStatus(context, request);
}

/** Every product's status, in name order. */
export async function readWorkspaceStatus(request: Omit<StatusRequest, 'product'>, host: Host): Promise<CommandResult<ProductStatus[]>> {
  const results: CommandResult<ProductStatus>[] = [];
  for (const product of listProducts(host)) results.push(await readStatus({ ...request, product }, host));
  return { result: results.map((entry) => entry.result), text: results.map((entry) => entry.text).join('\n\n') || 'No products yet: add a tagdeploy.json beside a project to make it one.' };
}

async function storeStatus(context: ProductContext, request: StatusRequest): Promise<CommandResult<ProductStatus>> {
  const routers = Object.fromEntries(context.envs.map((env) => [env, resolveRouter(context.settings.environments[env].router, context.store)]));
  const status = await readReleaseStatus(context.store, { product: context.product, envs: context.envs, routers, history: request.history });
  return { result: status, text: renderReleaseStatus(status) };
}

async function gitopsStatus(context: ProductContext, request: StatusRequest, root: string): Promise<CommandResult<ProductStatus>> {
  const config = context.settings.gitops;
  const repo = await openGitopsRepo(config, root);
  try {
    const status = await readGitopsStatus(context.store, repo, { product: context.product, envs: context.envs, layout: config.layout, history: request.history });
    return { result: status, text: renderGitopsStatus(status) };
  } finally {
    await repo.close();
  }
}
