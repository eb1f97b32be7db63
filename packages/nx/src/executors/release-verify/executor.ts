// nx release-verify <product> [--release=<version>] [--env=<env>] [--rebuild]: see verifyReleases in core.
import type { ExecutorContext } from '@nx/devkit';
import { verifyReleases } from '@tagdeploy/core';
import { runAtBoundary, type OutputOptions } from '../run-at-boundary';

export default function releaseVerifyExecutor(options: { release?: string; env?: string; rebuild?: boolean } & OutputOptions, context: ExecutorContext) {
  return runAtBoundary(context, options, (host, product) => verifyReleases({ product, release: options.release, env: options.env, rebuild: options.rebuild }, host));
}
