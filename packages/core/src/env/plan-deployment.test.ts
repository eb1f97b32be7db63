import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileStore } from '../store/file-store';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../store/object-store';
import { planDeployment } from './plan-deployment';
import { failure, seedEnvHistory, seedRelease, stagingAndProduction, useTempFileStores } from './testing/env-builders';

const aStore = useTempFileStores();

const scope = { product: 'checkout', productEnvs: undefined, environments: stagingAndProduction() };

/** The store, recording the prefixes it was asked to list. */
function listingRecorded(store: ObjectStore): { store: ObjectStore; listed: string[] } {
  const listed: string[] = [];
  return { listed, store: Object.assign(Object.create(store) as ObjectStore, { list: (prefix: string) => (listed.push(prefix), store.list(prefix)) }) };
}


describe('planDeployment against a store', () => {
  it('deploys the newest sealed release by semver, not by name', async () => {
    const { store } = aStore();
    for (const version of ['0.9.0', '0.10.0', '0.2.0']) await seedRelease(store, 'checkout', version);
    await seedRelease(store, 'checkout', '0.11.0', undefined, { sealed: false });

    const plan = await planDeployment(store, scope, { action: 'deploy', env: 'staging' });

    expect(plan).toMatchObject({ status: 'ready', from: null, to: '0.10.0', expectedEtag: null, seq: 1 });
  });

  it('refuses an unsealed release and lists the sealed ones', async () => {
    const { store } = aStore();
    await seedRelease(store, 'checkout', '0.1.0');
    await seedRelease(store, 'checkout', '0.2.0', undefined, { sealed: false });

    const error = await failure(planDeployment(store, scope, { action: 'deploy', env: 'staging', release: '0.2.0' }));

    expect(error.code).toBe('UNSEALED_RELEASE');
    expect(error.message).toContain('or pick a sealed release: 0.1.0.');
  });

  it('promotes what staging runs, with the pointer etag of production', async () => {
    const { store } = aStore();
    await seedRelease(store, 'checkout', '0.1.0');
    await seedRelease(store, 'checkout', '0.2.0');
    await seedEnvHistory(store, 'staging', ['0.1.0', '0.2.0']);
    await seedEnvHistory(store, 'production', ['0.1.0']);
    const productionEtag = (await store.head('checkout/envs/production.json'))?.etag;

    const plan = await planDeployment(store, scope, { action: 'promote', env: 'production' });

    expect(plan).toMatchObject({ action: 'promote', from: '0.1.0', to: '0.2.0', sourceEnv: 'staging', expectedEtag: productionEtag, seq: 2, needsApproval: true });
  });

  it('plans a rollback without listing the release files (its cost does not grow with release size)', async () => {
    const { store } = aStore();
    const big = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`assets/${i}.js`, `f${i}()`]));
    await seedRelease(store, 'checkout', '0.1.0', big);
    await seedRelease(store, 'checkout', '0.2.0', big);
    await seedEnvHistory(store, 'production', ['0.1.0', '0.2.0']);
    const recorded = listingRecorded(store);

    const plan = await planDeployment(recorded.store, scope, { action: 'rollback', env: 'production', reason: 'broken' });

    expect(plan).toMatchObject({ from: '0.2.0', to: '0.1.0' });
    expect(recorded.listed).toEqual(['checkout/envs/production/history/']);
  });

  it('refuses a pointer that is not a valid env record, naming it', async () => {
    const { store, root } = aStore();
    await seedRelease(store, 'checkout', '0.1.0');
    await seedEnvHistory(store, 'staging', ['0.1.0']);
    writeFileSync(join(root, 'checkout/envs/staging.json'), '{"version": 3}');

    const error = await failure(planDeployment(store, scope, { action: 'deploy', env: 'staging' }));

    expect(error.code).toBe('ENV_STATE_INVALID');
    expect(error.message).toMatch(/^file:\.tagdeploy\/store\/checkout\/envs\/staging\.json is not a valid env record: .*version/);
  });

  it('reads older history when the rollback target is not among the last deployments', async () => {
    const { store } = aStore();
    await seedRelease(store, 'checkout', '0.1.0');
    await seedRelease(store, 'checkout', '0.2.0');
    await seedEnvHistory(store, 'staging', ['0.1.0', ...Array.from({ length: 24 }, () => '0.2.0')]);

    const plan = await planDeployment(store, scope, { action: 'rollback', env: 'staging' });

    expect(plan).toMatchObject({ from: '0.2.0', to: '0.1.0', seq: 26 });
  });

  it('fails with STORE_UNAVAILABLE when the store cannot be read, and writes nothing', async () => {
    const { root } = aStore();
    mkdirSync(dirname(root), { recursive: true });
    writeFileSync(root, 'not a folder');
    const broken = new FileStore(root, 'file:.tagdeploy/store');

    const error = await failure(planDeployment(broken, scope, { action: 'deploy', env: 'staging', release: '0.1.0' }));

    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain('file:.tagdeploy/store/checkout/envs/staging.json');
    expect(readFileSync(root, 'utf8')).toBe('not a folder');
  });
});
