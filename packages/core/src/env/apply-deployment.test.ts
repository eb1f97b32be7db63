import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileStore } from '../store/file-store';
import { applyDeployment } from './apply-deployment';
import type { DeploymentPlan } from './deployment-plan';
import { envHistoryKey, envPointerKey } from './env-state';
import { planDeployment } from './plan-deployment';
import { readEnvState } from './read-env-state';
import { aRecordingReporter, failure, fixedClock, seedRelease, stagingAndProduction, useTempFileStores } from './testing/env-builders';

const aStore = useTempFileStores();

async function aStoreWithReleases(...versions: string[]): Promise<{ store: FileStore; root: string }> {
  const temp = aStore();
  for (const version of versions) await seedRelease(temp.store, 'checkout', version);
  return temp;
}

const scope = { product: 'checkout', productEnvs: undefined, environments: stagingAndProduction() };
const ports = (store: FileStore, reporter = aRecordingReporter()) => ({ store, clock: fixedClock(), reporter });
const alice = { deployedBy: 'alice', approvedBy: null };


async function deploy(store: FileStore, env: string, release: string, who = 'alice'): Promise<void> {
  const plan = await planDeployment(store, scope, { action: 'deploy', env, release });
  await applyDeployment(plan, ports(store), { deployedBy: who, approvedBy: env === 'production' ? 'carol' : null });
}

describe('applyDeployment', () => {
  it('switches the pointer and records the deployment once in the history', async () => {
    const { store, root } = await aStoreWithReleases('0.1.0', '0.2.0');
    await deploy(store, 'staging', '0.1.0');
    const plan = await planDeployment(store, scope, { action: 'deploy', env: 'staging' });

    const outcome = await applyDeployment(plan, ports(store), { deployedBy: 'bob', approvedBy: null, reason: 'weekly' });

    const expected = {
      product: 'checkout',
      env: 'staging',
      version: '0.2.0',
      previousVersion: '0.1.0',
      seq: 2,
      action: 'deploy',
      deployedAt: '2024-06-01T12:00:00.000Z',
      deployedBy: 'bob',
      approvedBy: null,
      reason: 'weekly',
    };
    expect(outcome).toMatchObject({ changed: true, pointer: expected });
    expect(JSON.parse(readFileSync(join(root, 'checkout/envs/staging.json'), 'utf8'))).toEqual(expected);
    expect(JSON.parse(readFileSync(join(root, 'checkout/envs/staging/history/000002.json'), 'utf8'))).toEqual(expected);
    const state = await readEnvState(store, 'checkout', 'staging');
    expect(state.history.map((entry) => [entry.seq, entry.version])).toEqual([[1, '0.1.0'], [2, '0.2.0']]);
  });

  it('writes nothing for an "already live" plan', async () => {
    const { store } = await aStoreWithReleases('0.1.0');
    await deploy(store, 'staging', '0.1.0');
    const before = await store.get(envPointerKey('checkout', 'staging'));
    const plan = await planDeployment(store, scope, { action: 'deploy', env: 'staging' });

    const outcome = await applyDeployment(plan, ports(store), alice);

    expect(plan.status).toBe('already-live');
    expect(outcome).toMatchObject({ changed: false, pointer: { version: '0.1.0', seq: 1 } });
    expect((await store.get(envPointerKey('checkout', 'staging')))?.head.etag).toBe(before?.head.etag);
    expect(await store.head(envHistoryKey('checkout', 'staging', 2))).toBeUndefined();
  });

  it('lets exactly one of two racing appliers win; the loser names the winner and writes nothing', async () => {
    const { store } = await aStoreWithReleases('0.1.0', '0.2.0', '0.3.0');
    await deploy(store, 'staging', '0.1.0');
    const toTwo = await planDeployment(store, scope, { action: 'deploy', env: 'staging', release: '0.2.0' });
    const toThree = await planDeployment(store, scope, { action: 'deploy', env: 'staging', release: '0.3.0' });

    const results = await Promise.allSettled([
      applyDeployment(toTwo, ports(store), { deployedBy: 'bob', approvedBy: null }),
      applyDeployment(toThree, ports(store), { deployedBy: 'dave', approvedBy: null }),
    ]);

    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const state = await readEnvState(store, 'checkout', 'staging');
    const winner = state.pointer!;
    expect(lost[0].reason).toMatchObject({
      code: 'ENV_CONFLICT',
      message: `staging of checkout changed while you were deciding: it now runs ${winner.version}, set by ${winner.deployedBy} at 2024-06-01T12:00:00.000Z (deploy). Nothing was written. Run the command again to act on the new state.`,
    });
    expect(state.history.map((entry) => entry.version)).toEqual(['0.1.0', winner.version]);
  });

  it('refuses a plan made from a pointer that has changed since, naming the new version and who set it', async () => {
    const { store } = await aStoreWithReleases('0.1.0', '0.2.0', '0.3.0');
    await deploy(store, 'staging', '0.1.0');
    const stale = await planDeployment(store, scope, { action: 'deploy', env: 'staging', release: '0.3.0' });
    await deploy(store, 'staging', '0.2.0', 'erin');

    const error = await failure(applyDeployment(stale, ports(store), alice));

    expect(error.code).toBe('ENV_CONFLICT');
    expect(error.message).toContain('it now runs 0.2.0, set by erin at 2024-06-01T12:00:00.000Z');
    expect((await readEnvState(store, 'checkout', 'staging')).history.map((e) => e.version)).toEqual(['0.1.0', '0.2.0']);
  });

  it('refuses a first deployment when someone else made the first one meanwhile', async () => {
    const { store } = await aStoreWithReleases('0.1.0', '0.2.0');
    const stale = await planDeployment(store, scope, { action: 'deploy', env: 'staging', release: '0.2.0' });
    await deploy(store, 'staging', '0.1.0', 'erin');

    const error = await failure(applyDeployment(stale, ports(store), alice));

    expect(error.message).toMatch(/^staging of checkout changed while you were deciding: it now runs 0\.1\.0, set by erin/);
  });

  it('repairs the history entry that a run interrupted after the pointer write left missing', async () => {
    const { store, root } = await aStoreWithReleases('0.1.0', '0.2.0');
    await deploy(store, 'staging', '0.1.0');
    rmSync(join(root, 'checkout/envs/staging/history/000001.json'));
    const reporter = aRecordingReporter();
    const plan = await planDeployment(store, scope, { action: 'deploy', env: 'staging' });

    const outcome = await applyDeployment(plan, ports(store, reporter), alice);

    expect(outcome.repairedSeq).toBe(1);
    expect(readFileSync(join(root, 'checkout/envs/staging/history/000001.json'), 'utf8')).toContain('"version": "0.1.0"');
    expect((await readEnvState(store, 'checkout', 'staging')).history.map((e) => [e.seq, e.version])).toEqual([[1, '0.1.0'], [2, '0.2.0']]);
    expect(reporter.lines).toContain('warn: staging: wrote the missing history entry #1 (0.1.0) that an interrupted run left out');
  });

  it('never rewrites an existing history entry', async () => {
    const { store, root } = await aStoreWithReleases('0.1.0', '0.2.0');
    await deploy(store, 'staging', '0.1.0');
    const first = readFileSync(join(root, 'checkout/envs/staging/history/000001.json'));

    await deploy(store, 'staging', '0.2.0', 'bob');

    expect(readFileSync(join(root, 'checkout/envs/staging/history/000001.json'))).toEqual(first);
  });

  it('refuses a plan that needs approval without an approver, and changes nothing', async () => {
    const { store } = await aStoreWithReleases('0.1.0');
    const plan: DeploymentPlan = await planDeployment(store, scope, { action: 'deploy', env: 'production' });

    const error = await failure(applyDeployment(plan, ports(store), alice));

    expect(error.code).toBe('APPROVAL_REQUIRED');
    expect(existsSync(join(store.rootDir, 'checkout/envs/production.json'))).toBe(false);
  });

  it('rolls production back to the previous release and records reason and approver', async () => {
    const { store } = await aStoreWithReleases('0.1.0', '0.2.0');
    await deploy(store, 'production', '0.1.0');
    await deploy(store, 'production', '0.2.0');
    const plan = await planDeployment(store, scope, { action: 'rollback', env: 'production', reason: 'checkout broken' });

    const outcome = await applyDeployment(plan, ports(store), { deployedBy: 'bob', approvedBy: 'carol' });

    expect(outcome.pointer).toMatchObject({ version: '0.1.0', previousVersion: '0.2.0', action: 'rollback', approvedBy: 'carol', reason: 'checkout broken', seq: 3 });
  });
});
