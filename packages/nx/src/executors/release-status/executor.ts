// nx release-status <product>: what is live where, read from the store; drift from the routers.
import type { ExecutorContext } from '@nx/devkit';
import { readReleaseStatus, renderReleaseStatus, resolveRouter } from '@tagdeploy/core';
import { loadProductContext, productEnvs } from '../../adapters/load-product-context';
import { stderrReporter } from '../../adapters/stderr-reporter';
import { runAtBoundary } from '../run-at-boundary';

export default function releaseStatusExecutor(options: { history?: boolean; json?: boolean }, context: ExecutorContext) {
  return runAtBoundary(async () => {
    const product = loadProductContext(context, stderrReporter(context.projectName as string));
    const envs = productEnvs(product);
    const routers = Object.fromEntries(envs.map((env) => [env, resolveRouter(product.settings.environments[env].router, product.store)]));
    const status = await readReleaseStatus(product.store, { product: product.product, envs, routers, history: options.history });
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${renderReleaseStatus(status)}\n`);
  });
}
