// status [product]: what is live where, read by the env backend of the product's kind. Static
// products: the store's env pointers (and drift from the routers); container products: the GitOps
// repo's env files and their commit trailers. Without a product: every product of the workspace,
// one table each.
import type { ReleaseStatus } from '../env/read-release-status';
import type { GitopsReleaseStatus } from '../gitops/read-gitops-status';
import { withEnvBackend } from './change-environment';
import type { CommandResult, Host } from './host';
import { listProducts, loadProductContext } from './load-product-context';
import { writeStatusPage } from '../page/write-status-page';

export interface StatusRequest {
  product: string;
  history?: boolean;
  /** Also write the status page of every product (one self-contained HTML file) there. */
  html?: string;
}

export type ProductStatus = ReleaseStatus | GitopsReleaseStatus;

export async function readStatus(request: StatusRequest, host: Host): Promise<CommandResult<ProductStatus>> {
  const context = loadProductContext(host, request.product);
  const status = await withEnvBackend(context, host, (backend) => backend.readStatus({ product: context.product, envs: context.envs, history: request.history }));
  return request.html === undefined ? status : { ...status, text: `${status.text}\n\n${await writeStatusPage(host, request.html)}` };
}

/** Every product's status, in name order. */
export async function readWorkspaceStatus(request: Omit<StatusRequest, 'product'>, host: Host): Promise<CommandResult<ProductStatus[]>> {
  const results: CommandResult<ProductStatus>[] = [];
  for (const product of listProducts(host)) results.push(await readStatus({ history: request.history, product }, host));
  const text = results.map((entry) => entry.text).join('\n\n') || 'No products yet: add a tagdeploy.json beside a project to make it one.';
  return { result: results.map((entry) => entry.result), text: request.html === undefined ? text : `${text}\n\n${await writeStatusPage(host, request.html)}` };
}
