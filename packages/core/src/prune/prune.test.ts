// release-prune on real stores (a folder, and s3rver behind the conditional-write proxy): a store
// with releases in every state loses exactly the old ones; an interrupted prune leaves no release
// that looks sealed, and a rerun converges. The plan itself is pure and tested first.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreEnvBackend } from '../env/store-env-backend';
import { aRecordingReporter, environments, fixedClock, seedEnvHistory, seedRelease, useTempFileStores } from '../env/testing/env-builders';
import { resolveRouter } from '../router/resolve-router';
import type { ObjectStore } from '../store/object-store';
import { S3Store } from '../store/s3-store';
import { startS3, useS3Credentials, type S3TestServer } from '../store/testing/s3-test-server';
import { manifestKey } from '../release/release-manifest';
import { applyPrunePlan } from './apply-prune-plan';
import { buildPrunePlan, type PruneFacts } from './build-prune-plan';
import { readPruneFacts } from './read-prune-facts';

const policy = { keep: 1, rollbackWindow: 2, olderThanMs: null };

describe('buildPrunePlan', () => {
  const facts = (overrides: Partial<PruneFacts> = {}): PruneFacts => ({
    product: 'checkout',
    releases: ['0.1.0', '0.2.0', '0.3.0'].map((version) => ({ version, sealed: true, pruning: false, builtAt: '2024-01-01T00:00:00.000Z' })),
    envs: [],
    now: '2024-06-01T00:00:00.000Z',
    ...overrides,
  });

  it('keeps the newest N and deletes the rest, saying why for each', () => {
    const plan = buildPrunePlan(facts(), policy);
    expect(plan.keep).toEqual([{ version: '0.3.0', reasons: ['one of the 1 newest'] }]);
    expect(plan.delete.map((release) => release.version)).toEqual(['0.1.0', '0.2.0']);
    expect(plan.delete[0].reasons[0]).toBe('no env runs it or may roll back to it, built 2024-01-01');
  });

  it('keeps what is younger than olderThan', () => {
    const plan = buildPrunePlan(facts({ now: '2024-01-31T00:00:00.000Z' }), { ...policy, olderThanMs: 90 * 86_400_000 });
    expect(plan.delete).toEqual([]);
    expect(plan.keep[0].reasons).toEqual(['built 30d ago, younger than 90d']);
  });

  it('finishes an interrupted prune and keeps an unsealed release', () => {
    const plan = buildPrunePlan(
      facts({ releases: [{ version: '0.1.0', sealed: false, pruning: true, builtAt: null }, { version: '0.2.0', sealed: true, pruning: false, builtAt: null }, { version: '0.3.0', sealed: false, pruning: false, builtAt: null }] }),
      policy,
    );
    expect(plan.delete).toEqual([{ version: '0.1.0', reasons: ['an interrupted prune: finishing it'] }]);
    expect(plan.keep.find((release) => release.version === '0.3.0')?.reasons).toEqual(['unsealed: a release in progress may resume (abandon it first)']);
  });
});

/** checkout 0.1.0..0.7.0 sealed, 0.8.0 unsealed; staging ran 0.5.0, 0.6.0, 0.7.0; production 0.3.0, 0.4.0, 0.6.0. */
async function aStoreInEveryState(store: ObjectStore): Promise<void> {
  for (const version of ['0.1.0', '0.2.0', '0.3.0', '0.4.0', '0.5.0', '0.6.0', '0.7.0']) await seedRelease(store, 'checkout', version, { 'index.html': `<h1>${version}</h1>`, 'assets/app.js': `// ${version}` });
  await seedRelease(store, 'checkout', '0.8.0', { 'index.html': '<h1>0.8.0</h1>' }, { sealed: false });
  await seedEnvHistory(store, 'staging', ['0.5.0', '0.6.0', '0.7.0']);
  await seedEnvHistory(store, 'production', ['0.3.0', '0.4.0', '0.6.0']);
}

const envConfig = environments({ staging: {}, production: { promoteFrom: 'staging' } });

async function prune(store: ObjectStore) {
  const reporter = aRecordingReporter();
  const backend = new StoreEnvBackend({ store, reporter, clock: fixedClock(), router: () => resolveRouter({ type: 'local' }, store) });
  const facts = await readPruneFacts({ store, backend, product: 'checkout', envs: ['staging', 'production'], environments: envConfig, now: new Date('2024-06-01T00:00:00Z') });
  const plan = buildPrunePlan(facts, policy);
  return { plan, apply: (over: ObjectStore = store) => applyPrunePlan(plan, { store: over, reporter, keys: facts.keys, prunedBy: 'ana', now: new Date() }) };
}

/** The store whose delete fails after `n` deletions, like a runner lost mid-prune. */
function failingAfter(store: ObjectStore, n: number): ObjectStore {
  let left = n;
  return Object.assign(Object.create(store) as ObjectStore, {
    delete: async (key: string) => {
      if (left-- <= 0) throw new Error('runner lost');
      return store.delete(key);
    },
  });
}

const versionsIn = async (store: ObjectStore) => [...new Set((await store.list('checkout/releases/')).map((key) => key.split('/')[2]))].sort();

function pruneContract(name: string, aStore: () => ObjectStore) {
  describe(`release-prune on ${name}`, () => {
    it('deletes exactly the old releases and keeps each other one with its reasons', async () => {
      const store = aStore();
      await aStoreInEveryState(store);
      const { plan, apply } = await prune(store);
      expect(Object.fromEntries(plan.keep.map((release) => [release.version, release.reasons]))).toEqual({
        '0.4.0': ["in production's rollback window (last 2)"],
        '0.6.0': ["in staging's rollback window (last 2)", 'live in production'],
        '0.7.0': ['live in staging', 'promotion source for production', 'one of the 1 newest'],
        '0.8.0': ['unsealed: a release in progress may resume (abandon it first)'],
      });
      expect(plan.delete.map((release) => release.version)).toEqual(['0.1.0', '0.2.0', '0.3.0', '0.5.0']);
      await apply();
      expect(await versionsIn(store)).toEqual(['0.4.0', '0.6.0', '0.7.0', '0.8.0']);
      expect(await store.head(manifestKey('checkout', '0.6.0'))).toBeDefined();
      expect(await store.list('checkout/envs/')).toHaveLength(8);
    });

    it('an interrupted prune leaves no sealed-but-incomplete release, and a rerun converges', async () => {
      const store = aStore();
      await aStoreInEveryState(store);
      const first = await prune(store);
      // Marker, seal, one file of 0.1.0 went; then the runner was lost.
      await expect(first.apply(failingAfter(store, 5))).rejects.toThrow('runner lost');
      const left = await store.list('checkout/releases/0.2.0/');
      expect(left).toContain('checkout/releases/0.2.0/pruning.json');
      expect(left).not.toContain('checkout/releases/0.2.0/release.json');
      const again = await prune(store);
      expect(again.plan.delete.find((release) => release.version === '0.2.0')?.reasons).toEqual(['an interrupted prune: finishing it']);
      await again.apply();
      expect(await versionsIn(store)).toEqual(['0.4.0', '0.6.0', '0.7.0', '0.8.0']);
      expect((await prune(store)).plan.delete).toEqual([]);
    });
  });
}

const fileStores = useTempFileStores();
pruneContract('the folder store', () => fileStores().store);

let server: S3TestServer;
let bucket: string;
let restoreEnv: () => void;
let runs = 0;
const s3Stores: S3Store[] = [];
beforeAll(async () => {
  server = await startS3();
  bucket = `tagdeploy-${randomBytes(4).toString('hex')}`;
  await server.createBucket(bucket);
  restoreEnv = useS3Credentials(server);
}, 60_000);
afterAll(async () => {
  s3Stores.splice(0).forEach((store) => store.destroy());
  await server?.stop();
  restoreEnv?.();
});
pruneContract('S3 (s3rver behind the conditional-write proxy)', () => {
  const store = new S3Store({ url: `s3://${bucket}/prune-${++runs}`, endpoint: server.endpoint });
  s3Stores.push(store);
  return store;
});
