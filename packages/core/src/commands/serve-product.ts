// serve <product> --env <env>: the local router. Serves what the env points at now, reading the
// pointer on every request, until the caller closes it. Only a declared env of a static product
// can be served: the env name becomes a store key, so anything else is refused before listening.
import { TagdeployError } from '../errors/tagdeploy-error';
import { serveRelease, type ReleaseServer } from '../router/serve-release';
import { readStatusPageFacts } from '../page/read-status-page-facts';
import { renderStatusPage } from '../page/render-status-page';
import type { Host } from './host';
import { loadProductContext, type ProductContext } from './load-product-context';
import { command, settingsFile } from './spelling';

export interface ServeRequest {
  product: string;
  env: string;
  port?: number;
  host?: string;
}

export async function serveProduct(request: ServeRequest, host: Host): Promise<ReleaseServer> {
  const context = loadProductContext(host, request.product);
  checkServable(context, request.env);
  const statusPage = async () => renderStatusPage(await readStatusPageFacts(host));
  return serveRelease({ store: context.store, product: context.product, env: request.env, port: request.port ?? 4300, host: request.host, spelling: host.spelling, statusPage });
}

function checkServable({ product, config, envs }: ProductContext, env: string): void {
  if (config.kind !== 'static') {
    throw new TagdeployError('USAGE', `${product} is a ${config.kind} product: the local router serves static products only (a container's environments run where the GitOps repo says). See what runs where with ${command('status', product)}.`);
  }
  if (!envs.includes(env)) {
    const choices = envs.length ? `serve one of: ${envs.join(', ')}` : 'it has none yet';
    throw new TagdeployError('UNKNOWN_ENV', `Cannot serve "${env}" for ${product}: it is not a declared environment of ${product} (${choices}). Declare environments under "environments" in ${settingsFile}.`);
  }
}
