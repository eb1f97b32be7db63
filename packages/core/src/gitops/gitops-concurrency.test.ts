// Several operators and products at once against one GitOps repo served by git daemon.
import { describe, expect, it } from 'vitest';
import { useGitServer } from './testing/git-server';
import type { DeploymentRequest } from '../env/deployment-plan';
import { failure, stagingAndProduction, useTempFileStores } from '../env/testing/env-builders';
import type { ApprovalConfirmation } from '../env/resolve-approval';
import { runEnvChange } from '../env/run-env-change';
import type { ObjectStore } from '../store/object-store';
import { aGitopsBackend, git, remoteFile, sealContainerRelease, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();
const newStore = useTempFileStores();
const daemon = useGitServer();

let repoCount = 0;
async function aServedWorld(products: string[]) {
  const { store } = newStore();
  for (const product of products) for (const version of ['0.1.0', '0.2.0', '0.3.0']) await sealContainerRelease(store, product, version);
  const name = `gitops-${++repoCount}.git`;
  const bare = fixtures.bareRemote(daemon.baseDir, name);
  return { store, bare, url: daemon.server.url(name) };
}

/** One operator: their own clone of the repo, like a separate machine. */
async function operator(world: { store: ObjectStore; url: string }, product: string, who: string, request: DeploymentRequest, confirm?: () => Promise<ApprovalConfirmation>) {
  const repo = await fixtures.open(world.url);
  const { result } = await runEnvChange(aGitopsBackend({ store: world.store, repo, scaffold: { repoURL: world.url, port: 3000, healthPath: '/health' } }), {
    scope: { product, productEnvs: undefined, environments: stagingAndProduction() },
    request,
    deployedBy: who,
    approval: {},
    ...(confirm ? { confirm } : {}),
  });
  return result;
}

/** Resolves every waiter once `count` have arrived, so that both operators decide on the same state. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++arrived === count) release();
    return all;
  };
}

describe('GitOps deployments at the same moment', () => {
  it('two products deploying to the same repo at once both land (the later push retries on the new head)', async () => {
    const world = await aServedWorld(['payments-api', 'orders-api']);
    await operator(world, 'payments-api', 'alice', { action: 'deploy', env: 'staging', release: '0.1.0' });
    await operator(world, 'orders-api', 'bob', { action: 'deploy', env: 'staging', release: '0.1.0' });
    const results = await Promise.all([
      operator(world, 'payments-api', 'alice', { action: 'deploy', env: 'staging', release: '0.2.0' }),
      operator(world, 'orders-api', 'bob', { action: 'deploy', env: 'staging', release: '0.3.0' }),
    ]);
    expect(results.map((result) => result.outcome.changed)).toEqual([true, true]);
    expect(remoteFile(world.bare, 'apps/payments-api/envs/staging/kustomization.yaml')).toContain('newTag: 0.2.0');
    expect(remoteFile(world.bare, 'apps/orders-api/envs/staging/kustomization.yaml')).toContain('newTag: 0.3.0');
    expect(git(world.bare, 'log', '--format=%s', '-2', 'main').split('\n').sort()).toEqual(['deploy orders-api 0.3.0 to staging', 'deploy payments-api 0.2.0 to staging']);
  });

  it('the same product and env changed by two operators at once: one lands, the other gets ENV_CONFLICT naming the version now live', async () => {
    const world = await aServedWorld(['payments-api']);
    await operator(world, 'payments-api', 'alice', { action: 'deploy', env: 'production', release: '0.1.0' }, async () => ({ confirmed: true, identity: 'carol' }));
    const bothDecided = barrier(2);
    const confirm = (identity: string) => async () => (await bothDecided(), { confirmed: true, identity });
    const outcomes = await Promise.allSettled([
      operator(world, 'payments-api', 'alice', { action: 'deploy', env: 'production', release: '0.2.0' }, confirm('carol')),
      operator(world, 'payments-api', 'bob', { action: 'deploy', env: 'production', release: '0.3.0' }, confirm('dave')),
    ]);
    const landed = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    expect([landed, lost].sort()).toEqual([0, 1]);
    const [liveVersion, liveBy] = landed === 0 ? ['0.2.0', 'alice'] : ['0.3.0', 'bob'];
    const error = await failure(Promise.reject((outcomes[lost] as PromiseRejectedResult).reason));
    expect(error.code).toBe('ENV_CONFLICT');
    expect(error.message).toContain(`production of payments-api changed while you were deciding: it now runs ${liveVersion}, set by ${liveBy} at `);
    expect(error.message).toContain('Nothing was written');
    expect(remoteFile(world.bare, 'apps/payments-api/envs/production/kustomization.yaml')).toContain(`newTag: ${liveVersion}`);
    expect(git(world.bare, 'log', '--format=%s', '-1', 'main')).toBe(`deploy payments-api ${liveVersion} to production`);
  });
});
