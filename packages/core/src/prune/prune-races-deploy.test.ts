// release-prune never deletes a release that a concurrent deploy points an env at, on a real folder
// store: both take the product's env-change lock. Each side is paused inside its critical section
// (a gate on one store call) until the other is seen waiting for the lock, so the interleaving is
// forced, not timed: prune first, and the deploy is refused with nothing changed; deploy first,
// and the prune keeps the release it now runs. And the lock itself: a dead holder's is taken over,
// a live holder's is waited for and then refused with a message naming it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envChangeLockKey, withEnvChangeLock } from '../env/env-change-lock';
import { TagdeployError } from '../errors/tagdeploy-error';
import { envPointerKey } from '../env/env-state';
import { runEnvChange } from '../env/run-env-change';
import { StoreEnvBackend } from '../env/store-env-backend';
import { aRecordingReporter, environments, failure, fixedClock, seedEnvHistory, seedRelease, useTempFileStores } from '../env/testing/env-builders';
import { verifyRelease } from '../env/verify-release';
import { manifestKey } from '../release/release-manifest';
import { LocalRouter } from '../router/local-router';
import type { ObjectStore } from '../store/object-store';
import { thisHost } from '../store/process-liveness';
import { buildPrunePlan } from './build-prune-plan';
import { pruneWithLock } from './prune-with-lock';
import { readPruneFacts } from './read-prune-facts';

const stores = useTempFileStores();
const envConfig = environments({ staging: {} });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** The store as one side sees it: a call can be held at a gate, and a refused lock attempt is signalled. */
function aSide(store: ObjectStore) {
  const gates: { op: 'delete' | 'replace'; key: string; reached: ReturnType<typeof deferred>; open: ReturnType<typeof deferred> }[] = [];
  const lockRefused = deferred();
  const gated = async (op: 'delete' | 'replace', key: string) => {
    const gate = gates.find((candidate) => candidate.op === op && candidate.key === key);
    if (!gate) return;
    gate.reached.resolve();
    await gate.open.promise;
  };
  const view: ObjectStore = Object.assign(Object.create(store) as ObjectStore, {
    create: async (...args: Parameters<ObjectStore['create']>) => {
      try {
        return await store.create(...args);
      } catch (error) {
        if (args[0] === envChangeLockKey('checkout')) lockRefused.resolve();
        throw error;
      }
    },
    delete: async (key: string) => {
      await gated('delete', key);
      return store.delete(key);
    },
    replace: async (...args: Parameters<ObjectStore['replace']>) => {
      await gated('replace', args[0]);
      return store.replace(...args);
    },
  });
  return {
    store: view,
    lockRefused: lockRefused.promise,
    holdAt(op: 'delete' | 'replace', key: string) {
      const gate = { op, key, reached: deferred(), open: deferred() };
      gates.push(gate);
      return { reached: gate.reached.promise, open: gate.open.resolve };
    },
  };
}

const backendOver = (store: ObjectStore) => new StoreEnvBackend({ store, reporter: aRecordingReporter(), clock: fixedClock(), router: () => new LocalRouter(store) });

function deploy(store: ObjectStore, release: string) {
  return runEnvChange(backendOver(store), {
    scope: { product: 'checkout', productEnvs: undefined, environments: envConfig },
    request: { action: 'deploy', env: 'staging', release },
    deployedBy: 'ana',
    approval: {},
  });
}

function prune(store: ObjectStore) {
  const now = new Date('2024-06-01T00:00:00Z');
  const decide = async () => {
    const facts = await readPruneFacts({ store, backend: backendOver(store), product: 'checkout', envs: ['staging'], environments: envConfig, now });
    return { keys: facts.keys, plan: buildPrunePlan(facts, { keep: 1, rollbackWindow: 1, olderThanMs: null }) };
  };
  return pruneWithLock('checkout', decide, { store, reporter: aRecordingReporter(), prunedBy: 'bo', now });
}

/** checkout 0.1.0..0.3.0 sealed; staging runs 0.3.0 and ran nothing else: 0.1.0 and 0.2.0 are prunable. */
async function aShopStore(): Promise<ObjectStore> {
  const { store } = stores();
  for (const version of ['0.1.0', '0.2.0', '0.3.0']) await seedRelease(store, 'checkout', version, { 'index.html': `<h1>${version}</h1>`, 'assets/app.js': `// ${version}` });
  await seedEnvHistory(store, 'staging', ['0.3.0']);
  return store;
}

const pointerOf = async (store: ObjectStore) => JSON.parse((await store.get(envPointerKey('checkout', 'staging')))!.body.toString('utf8')) as { version: string; seq: number };

describe('release-prune and a concurrent deploy of the release it deletes', () => {
  it('prune first: the deploy waits for the lock, then is refused, and staging still runs 0.3.0', async () => {
    const store = await aShopStore();
    const pruner = aSide(store);
    const atSeal = pruner.holdAt('delete', manifestKey('checkout', '0.1.0'));
    const pruning = prune(pruner.store);
    await atSeal.reached;

    const deployer = aSide(store);
    const deploying = failure(deploy(deployer.store, '0.1.0'));
    await deployer.lockRefused;
    atSeal.open();

    const { deleted } = await pruning;
    expect(deleted.map((release) => release.version)).toEqual(['0.1.0', '0.2.0']);
    const refusal = await deploying;
    expect(refusal.code).toBe('RELEASE_PRUNED');
    expect(refusal.message).toBe(
      'checkout 0.1.0 cannot go to staging: release-prune deleted it while this deploy of staging was prepared (file:.tagdeploy/store/checkout/releases/0.1.0/release.json is gone). Nothing changed. Deploy another release: "⟦deploy checkout --env=staging --release=<version>⟧".',
    );
    expect(await pointerOf(store)).toMatchObject({ version: '0.3.0', seq: 1 });
    expect(await store.list('checkout/envs/staging/history/')).toHaveLength(1);
    expect(await store.head(envChangeLockKey('checkout'))).toBeUndefined();
  });

  it('deploy first: the prune waits for the lock, then sees staging run 0.1.0 and keeps it whole', async () => {
    const store = await aShopStore();
    const deployer = aSide(store);
    const atSwitch = deployer.holdAt('replace', envPointerKey('checkout', 'staging'));
    const deploying = deploy(deployer.store, '0.1.0');
    await atSwitch.reached;

    const pruner = aSide(store);
    const pruning = prune(pruner.store);
    await pruner.lockRefused;
    atSwitch.open();

    await deploying;
    const { plan, deleted } = await pruning;
    expect(plan.keep.find((release) => release.version === '0.1.0')?.reasons).toContain('live in staging');
    expect(deleted.map((release) => release.version)).toEqual(['0.2.0']);
    expect(await pointerOf(store)).toMatchObject({ version: '0.1.0', seq: 2 });
    await expect(verifyRelease(store, 'checkout', '0.1.0')).resolves.toMatchObject({ version: '0.1.0' });
    expect(await store.head(envChangeLockKey('checkout'))).toBeUndefined();
  });
});

describe('the env-change lock', () => {
  const lockBody = (holder: { pid: number; host: string; takenAt: string }) => {
    const body = Buffer.from(JSON.stringify({ tool: 'tagdeploy', token: 'someone-else', command: 'tagdeploy deploy checkout', ...holder }));
    return { body, meta: { contentType: 'application/json', sha256: createHash('sha256').update(body).digest('hex') } };
  };

  it('takes over the lock of a process that ended on this host (a killed run), and of one that is older than the bound', async () => {
    const { store } = stores();
    const ended = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const holder of [
      { pid: ended, host: thisHost(), takenAt: new Date().toISOString() },
      { pid: 1, host: 'another-runner', takenAt: '2024-01-01T00:00:00.000Z' },
    ]) {
      const { body, meta } = lockBody(holder);
      await store.create(envChangeLockKey('checkout'), body, meta);
      await expect(withEnvChangeLock(store, 'checkout', async () => 'ran')).resolves.toBe('ran');
      expect(await store.head(envChangeLockKey('checkout'))).toBeUndefined();
    }
  });

  it('takes the lock when its holder releases it between a refused create and the read-back (as on S3)', async () => {
    const { store } = stores();
    const { body, meta } = lockBody({ pid: process.ppid, host: thisHost(), takenAt: new Date().toISOString() });
    await store.create(envChangeLockKey('checkout'), body, meta);
    let refused = 0;
    // The S3 store's create, when its conditional write is refused and the holder has just deleted the lock.
    const racing: ObjectStore = Object.assign(Object.create(store) as ObjectStore, {
      create: async (...args: Parameters<ObjectStore['create']>) => {
        if (refused++ > 0) return store.create(...args);
        await store.delete(envChangeLockKey('checkout'));
        throw new TagdeployError('STORE_UNAVAILABLE', `${store.url}/${args[0]} was reported as existing but cannot be read back. Check the bucket's consistency and rerun.`);
      },
    });
    await expect(withEnvChangeLock(racing, 'checkout', async () => 'ran')).resolves.toBe('ran');
    expect(refused).toBe(2);
    expect(await store.head(envChangeLockKey('checkout'))).toBeUndefined();
  });

  it('refuses, once its wait is over, while a live process holds it, naming the holder and the way out', async () => {
    const { store } = stores();
    const { body, meta } = lockBody({ pid: process.ppid, host: thisHost(), takenAt: new Date().toISOString() });
    await store.create(envChangeLockKey('checkout'), body, meta);
    let ran = false;
    const refusal = await failure(withEnvChangeLock(store, 'checkout', async () => (ran = true), { timeoutMs: 0 }));
    expect(refusal.code).toBe('ENV_LOCKED');
    expect(refusal.message).toBe(
      `The envs of checkout are being changed by another tagdeploy command: pid ${process.ppid} on host ${thisHost()} ("tagdeploy deploy checkout") holds file:.tagdeploy/store/checkout/locks/env-change.json since ${JSON.parse(body.toString()).takenAt}. Nothing changed. ` +
        'Wait for it to finish and run yours again; if it is not running any more, delete that object (tagdeploy takes over by itself a lock whose process ended on this host, or that is 10 min old).',
    );
    expect(ran).toBe(false);
    expect((await store.get(envChangeLockKey('checkout')))?.body).toEqual(body);
  });
});
