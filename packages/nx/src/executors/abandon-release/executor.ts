// nx abandon-release <product> --release=<version>: see abandonRelease in core.
import type { ExecutorContext } from '@nx/devkit';
import { abandonRelease } from '@tagdeploy/core';
import { runAtBoundary, type OutputOptions } from '../run-at-boundary';

export default function abandonReleaseExecutor(options: { release?: string; reason?: string } & OutputOptions, context: ExecutorContext) {
  return runAtBoundary(context, options, (host, product) => abandonRelease({ product, release: options.release, reason: options.reason }, host));
}
