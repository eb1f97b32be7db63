// nx serve-release <product> --env=<env>: the local router. Serves what the env points at now,
// reading the pointer on every request, until stopped.
import type { ExecutorContext } from '@nx/devkit';
import { serveRelease } from '@tagdeploy/core';
import { loadProductContext } from '../../adapters/load-product-context';
import { stderrReporter } from '../../adapters/stderr-reporter';
import { runAtBoundary } from '../run-at-boundary';

export default function serveReleaseExecutor(options: { env: string; port?: number; host?: string }, context: ExecutorContext) {
  return runAtBoundary(async () => {
    const reporter = stderrReporter(context.projectName as string);
    const product = loadProductContext(context, reporter);
    const server = await serveRelease({ store: product.store, product: product.product, env: options.env, port: options.port ?? 4300, host: options.host });
    process.stdout.write(`Serving ${product.product} ${options.env} at ${server.url} (Ctrl+C to stop)\n`);
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(resolve));
    });
  });
}
