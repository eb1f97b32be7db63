// nx release-status <product>: what is live where. Static products: the store's env pointers (drift
// from the routers); container products: the GitOps repo's env files and their commit trailers.
import type { ExecutorContext } from '@nx/devkit';
import { openGitopsRepo, readGitopsStatus, readReleaseStatus, renderGitopsStatus, renderReleaseStatus, resolveRouter } from '@tagdeploy/core';
import { loadProductContext, productEnvs, type ProductContext } from '../../adapters/load-product-context';
import { stderrReporter } from '../../adapters/stderr-reporter';
import { runAtBoundary } from '../run-at-boundary';

interface StatusOptions {
  history?: boolean;
  json?: boolean;
}

export default function releaseStatusExecutor(options: StatusOptions, context: ExecutorContext) {
  return runAtBoundary(async () => {
    const product = loadProductContext(context, stderrReporter(context.projectName as string));
    const isContainer = product.products[product.product]?.kind === 'container';
    const { status, text } = isContainer ? await gitopsStatus(product, options, context.root) : await storeStatus(product, options);
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${text}\n`);
  });
}

async function storeStatus(product: ProductContext, options: StatusOptions) {
  const envs = productEnvs(product);
  const routers = Object.fromEntries(envs.map((env) => [env, resolveRouter(product.settings.environments[env].router, product.store)]));
  const status = await readReleaseStatus(product.store, { product: product.product, envs, routers, history: options.history });
  return { status, text: renderReleaseStatus(status) };
}

async function gitopsStatus(product: ProductContext, options: StatusOptions, root: string) {
  const config = product.settings.gitops;
  const repo = await openGitopsRepo(config, root);
  try {
    const status = await readGitopsStatus(product.store, repo, { product: product.product, envs: productEnvs(product), layout: config.layout, history: options.history });
    return { status, text: renderGitopsStatus(status) };
  } finally {
    await repo.close();
  }
}
