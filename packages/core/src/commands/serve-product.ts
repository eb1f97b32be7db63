// serve <product> --env <env>: the local router. Serves what the env points at now, reading the
// pointer on every request, until the caller closes it.
import { serveRelease, type ReleaseServer } from '../router/serve-release';
import type { Host } from './host';
import { loadProductContext } from './load-product-context';

export interface ServeRequest {
  product: string;
  env: string;
  port?: number;
  host?: string;
}

export async function serveProduct(request: ServeRequest, host: Host): Promise<ReleaseServer> {
  const context = loadProductContext(host, request.product);
  return serveRelease({ store: context.store, product: context.product, env: request.env, port: request.port ?? 4300, host: request.host, spelling: host.spelling });
}
