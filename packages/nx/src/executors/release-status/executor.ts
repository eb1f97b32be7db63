// nx release-status <product>: what is live where (see readStatus in core).
import type { ExecutorContext } from '@nx/devkit';
import { readStatus } from '@tagdeploy/core';
import { runAtBoundary, type OutputOptions } from '../run-at-boundary';

export default function releaseStatusExecutor(options: { history?: boolean; html?: string } & OutputOptions, context: ExecutorContext) {
  return runAtBoundary(context, options, (host, product) => readStatus({ product, history: options.history, html: options.html }, host));
}
