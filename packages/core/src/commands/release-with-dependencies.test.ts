// --with-dependencies is for npm products; the chain itself runs against a real registry in
// e2e/hosts/npm-kind-both-hosts.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTagdeployError } from '../errors/tagdeploy-error';
import { createProductClones, type ProductClones } from '../git/testing/product-clones';
import { releaseWithDependencies } from './release-with-dependencies';

let clones: ProductClones;
beforeEach(async () => {
  clones = await createProductClones();
});
afterEach(() => clones.cleanup());

describe('releaseWithDependencies', () => {
  it('refuses a product that is not an npm product, says how to release it, and changes nothing', async () => {
    clones.change(clones.upstream, 'fix(checkout): totals again');
    const before = clones.state(clones.upstream);
    const error = await releaseWithDependencies({ product: 'checkout' }, clones.host()).then(() => undefined, (caught: unknown) => caught);
    expect(isTagdeployError(error) && [error.code, error.message]).toEqual([
      'USAGE',
      "--with-dependencies releases the npm products an npm product's package depends on; checkout is a static product, whose build bundles what it uses. Release it without --with-dependencies: ⟦release checkout⟧.",
    ]);
    expect(clones.state(clones.upstream)).toEqual(before);
  });
});
