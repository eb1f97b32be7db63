// nx release-prune <product> [--keep=N] [--older-than=90d] [--dry-run]: see pruneReleases in core.
import type { ExecutorContext } from '@nx/devkit';
import { pruneReleases } from '@tagdeploy/core';
import { runAtBoundary, type OutputOptions } from '../run-at-boundary';

export default function releasePruneExecutor(options: { keep?: number; olderThan?: string; dryRun?: boolean } & OutputOptions, context: ExecutorContext) {
  return runAtBoundary(context, options, (host, product) => pruneReleases({ product, keep: options.keep, olderThan: options.olderThan, dryRun: options.dryRun }, host));
}
