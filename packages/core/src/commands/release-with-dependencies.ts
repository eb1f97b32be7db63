// release <npm product> --with-dependencies: the npm products its package names are released
// first, in dependency order, each with its own tag and its own sealed release, then the product
// itself (whose package then names the versions just released). Each release is complete on its
// own: a failure stops the chain and says what was already released, and a rerun continues.
import { TagdeployError, isTagdeployError } from '../errors/tagdeploy-error';
import { resolveNpmReleaseChain } from '../npm/resolve-npm-release-chain';
import type { ReleasePlan } from '../plan/release-plan';
import type { ReleaseOutcome } from '../release/apply-release-plan';
import type { CommandResult, Host } from './host';
import { loadProductContext } from './load-product-context';
import { releaseProduct, type ReleaseProductRequest } from './release-product';
import { command } from './spelling';

export interface ReleaseChain {
  product: string;
  /** Every release of the chain, dependencies first and the product last. */
  releases: (ReleasePlan | ReleaseOutcome)[];
}

export async function releaseWithDependencies(request: ReleaseProductRequest, host: Host): Promise<CommandResult<ReleaseChain>> {
  const { product, config, products } = loadProductContext(host, request.product);
  if (config.kind !== 'npm') {
    throw new TagdeployError('USAGE', `--with-dependencies releases the npm products an npm product's package depends on; ${product} is a ${config.kind} product, whose build bundles what it uses. Release it without --with-dependencies: ${command('release', product)}.`);
  }
  const chain = resolveNpmReleaseChain(host.workspace, products, product);
  const releases: (ReleasePlan | ReleaseOutcome)[] = [];
  const texts: string[] = [];
  const shared = { dryRun: request.dryRun, push: request.push, allowBranch: request.allowBranch };
  for (const step of [...chain, product]) {
    // --release-as, --preid and --first-release speak of the product named, never of its dependencies.
    const own = step === product ? request : { product: step, ...shared };
    try {
      const done = await releaseProduct(own, host);
      releases.push(done.result);
      texts.push(done.text);
    } catch (error) {
      if (!isTagdeployError(error) || releases.length === 0 || request.dryRun) throw error;
      const before = chain.slice(0, releases.length).join(', ');
      throw new TagdeployError(error.code, `${error.message} Released before it in this chain: ${before} (each one is complete); run ${command('release', product, { 'with-dependencies': true })} again to go on.`);
    }
  }
  return { result: { product, releases }, text: texts.join('\n\n') };
}
