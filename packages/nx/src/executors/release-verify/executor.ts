// nx release-verify <product> [--release=<version>] [--env=<env>]: see verifyReleases in core.
import type { ExecutorContext } from '@nx/devkit';
import { verifyReleases } from '@tagdeploy/core';
import { runAtBoundary, type OutputOptions } from '../run-at-boundary';

export default function releaseVerifyExecutor(options: { release?: string; env?: string } & OutputOptions, context: ExecutorContext) {
  return runAtBoundary(context, options, (host, product) => verifyReleases({ product, release: options.release, env: options.env }, host));
}
