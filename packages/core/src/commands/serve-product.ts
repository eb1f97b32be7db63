// serve <product> --env <env>: the local router. A static product: serves what the env points at
// now, reading the pointer on every request. A container product: runs the image the env's GitOps
// file pins and forwards the port to it, following each deploy, promote and rollback. Until the
// caller closes it. Only a declared env can be served: anything else is refused before listening.
import type { ProductConfig } from '../config/config-schema';
import type { ImageRunner } from '../container/image-runner';
import { NamespaceImageRunner } from '../container/namespace-image-runner';
import { TagdeployError } from '../errors/tagdeploy-error';
import { openGitopsRepo } from '../gitops/open-gitops-repo';
import { readServedImage } from '../gitops/read-served-image';
import { serveContainerRelease } from '../router/serve-container-release';
import { serveRelease, type ReleaseServer } from '../router/serve-release';
import { readStatusPageFacts } from '../page/read-status-page-facts';
import { renderStatusPage } from '../page/render-status-page';
import type { Host } from './host';
import { loadContainerRuntime } from './load-container-runtime';
import { loadProductContext, type ProductContext } from './load-product-context';
import { command, settingsFile } from './spelling';

export interface ServeRequest {
  product: string;
  env: string;
  port?: number;
  host?: string;
  /** Container products: how the image is run (default: Linux namespaces, no container engine). */
  runner?: ImageRunner;
  /** Container products: how often the env's GitOps file is read again (ms). */
  pollMs?: number;
}

export async function serveProduct(request: ServeRequest, host: Host): Promise<ReleaseServer> {
  const context = loadProductContext(host, request.product);
  checkServable(context, request.env);
  if (context.config.kind === 'container') return serveContainer(context, context.config, request, host);
  const statusPage = async () => renderStatusPage(await readStatusPageFacts(host));
  return serveRelease({ store: context.store, product: context.product, env: request.env, port: request.port ?? 4300, host: request.host, spelling: host.spelling, statusPage });
}

async function serveContainer(context: ProductContext, config: Extract<ProductConfig, { kind: 'container' }>, request: ServeRequest, host: Host): Promise<ReleaseServer> {
  const runtime = loadContainerRuntime(host.workspace, context.product, config);
  const { gitops } = context.settings;
  const repo = await openGitopsRepo(gitops, host.workspace.root);
  const ref = { layout: gitops.layout, product: context.product, env: request.env, workspaceRoot: host.workspace.root, access: { env: host.environment } };
  try {
    const server = await serveContainerRelease({
      product: context.product,
      env: request.env,
      port: request.port ?? 4300,
      host: request.host,
      runtime,
      readEnvImage: () => readServedImage(repo, ref),
      runner: request.runner ?? new NamespaceImageRunner(),
      reporter: context.reporter,
      pollMs: request.pollMs,
    });
    return { url: server.url, close: () => server.close().finally(() => repo.close()) };
  } catch (error) {
    await repo.close();
    throw error;
  }
}

function checkServable({ product, config, envs }: ProductContext, env: string): void {
  if (config.kind !== 'static' && config.kind !== 'container') {
    throw new TagdeployError('USAGE', `${product} is a ${config.kind} product: the local router serves static and container products only. See what runs where with ${command('status', product)}.`);
  }
  if (!envs.includes(env)) {
    const choices = envs.length ? `serve one of: ${envs.join(', ')}` : 'it has none yet';
    throw new TagdeployError('UNKNOWN_ENV', `Cannot serve "${env}" for ${product}: it is not a declared environment of ${product} (${choices}). Declare environments under "environments" in ${settingsFile}.`);
  }
}
