// nx serve-release <product> --env=<env>: the local router, until stopped.
import type { ExecutorContext } from '@nx/devkit';
import { serveProduct, renderServingLine } from '@tagdeploy/core';
import { runAtBoundary } from '../run-at-boundary';

export default function serveReleaseExecutor(options: { env: string; port?: number; host?: string }, context: ExecutorContext) {
  return runAtBoundary(context, {}, async (host, product) => {
    const server = await serveProduct({ product, env: options.env, port: options.port, host: options.host }, host);
    process.stdout.write(renderServingLine(product, options.env, server.url));
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(resolve));
    });
  });
}
