import { describe, expect, it } from 'vitest';
import { readReleaseCatalog, sortVersions } from './read-release-catalog';
import { seedRelease, useTempFileStores } from './testing/env-builders';

const aStore = useTempFileStores();

describe('readReleaseCatalog', () => {
  it('lists sealed and unfinished versions apart, each by semver', async () => {
    const temp = aStore();
    await seedRelease(temp.store, 'checkout', '0.10.0', { 'assets/deep/x.js': 'x', 'release.json.bak': 'y' });
    await seedRelease(temp.store, 'checkout', '0.9.0');
    await seedRelease(temp.store, 'checkout', '0.11.0-rc.0', undefined, { sealed: false });
    await seedRelease(temp.store, 'storefront', '1.0.0');

    expect(await readReleaseCatalog(temp.store, 'checkout')).toEqual({ sealed: ['0.9.0', '0.10.0'], unsealed: ['0.11.0-rc.0'] });
  });

  it('is empty for a product that never released', async () => {
    const temp = aStore();

    expect(await readReleaseCatalog(temp.store, 'checkout')).toEqual({ sealed: [], unsealed: [] });
  });
});

describe('sortVersions', () => {
  it('sorts by semver with prereleases before their release and non-versions last', () => {
    expect(sortVersions(['1.0.0', 'latest', '1.0.0-rc.1', '0.10.0', '0.9.0'])).toEqual(['0.9.0', '0.10.0', '1.0.0-rc.1', '1.0.0', 'latest']);
  });
});
