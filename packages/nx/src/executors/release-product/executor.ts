// nx release-product <product>: options in, one command call, result out.
import type { ExecutorContext } from '@nx/devkit';
import { releaseProduct, releaseWithDependencies } from '@tagdeploy/core';
import { runAtBoundary } from '../run-at-boundary';
import type { ReleaseProductOptions } from './schema';

export default function releaseProductExecutor(options: ReleaseProductOptions, context: ExecutorContext) {
  const release = options.withDependencies ? releaseWithDependencies : releaseProduct;
  return runAtBoundary(context, options, (host, product) =>
    release(
      { product, dryRun: options.dryRun, releaseAs: options.releaseAs, preid: options.preid, firstRelease: options.firstRelease, push: options.push, allowBranch: options.allowBranch, html: options.html },
      host,
    ),
  );
}
