import { describe, expect, it } from 'vitest';
import { stagingAndProduction, useTempFileStores } from '../env/testing/env-builders';
import type { DeploymentRequest } from '../env/deployment-plan';
import { runEnvChange } from '../env/run-env-change';
import { readGitopsStatus } from './read-gitops-status';
import { renderGitopsStatus } from './render-gitops-status';
import { aGitopsBackend, digestOf, repositoryOf, sealContainerRelease, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();
const newStore = useTempFileStores();
const product = 'payments-api';

describe('readGitopsStatus', () => {
  it('reads what each env runs, its digest and its history from the repo', async () => {
    const { store } = newStore();
    for (const version of ['0.1.0', '0.2.0']) await sealContainerRelease(store, product, version);
    const bare = fixtures.bareRemote();
    const repo = await fixtures.open(bare);
    const backend = aGitopsBackend({ store, repo, scaffold: { repoURL: 'https://git.example/gitops.git', port: 3000, healthPath: '/health' } });
    const run = (request: DeploymentRequest, deployedBy: string) =>
      runEnvChange(backend, {
        scope: { product, productEnvs: undefined, environments: stagingAndProduction() },
        request,
        deployedBy,
        approval: { approve: true, approvedBy: 'carol' },
      });
    await run({ action: 'deploy', env: 'staging', release: '0.1.0' }, 'alice');
    await run({ action: 'deploy', env: 'staging', release: '0.2.0' }, 'bob');
    await run({ action: 'rollback', env: 'staging', reason: 'slow' }, 'alice');

    const status = await readGitopsStatus(store, await fixtures.open(bare), { product, envs: ['staging', 'production'], layout: 'kustomize', history: true });
    expect(status.envs[0]).toMatchObject({
      env: 'staging',
      version: '0.1.0',
      tag: `${product}@0.1.0`,
      deployedBy: 'alice',
      digest: digestOf(product, '0.1.0'),
      image: `${repositoryOf(product)}:0.1.0@${digestOf(product, '0.1.0')}`,
      envFile: true,
    });
    expect(status.envs[1]).toMatchObject({ env: 'production', version: null, digest: null, envFile: true });
    expect(status.history?.staging.map((record) => [record.seq, record.action, record.from, record.to, record.deployedBy, record.reason])).toEqual([
      [3, 'rollback', '0.2.0', '0.1.0', 'alice', 'slow'],
      [2, 'deploy', '0.1.0', '0.2.0', 'bob', null],
      [1, 'deploy', null, '0.1.0', 'alice', null],
    ]);
    const text = renderGitopsStatus(status);
    expect(text).toMatch(/^payments-api\n  ENV +VERSION +TAG +COMMIT +DEPLOYED +BY +APPROVED BY\n  staging +0\.1\.0 +payments-api@0\.1\.0 /);
    expect(text).toContain(`\n  images (${bare})\n    staging     ${repositoryOf(product)}:0.1.0@${digestOf(product, '0.1.0')}  (gitops `);
    expect(text).toContain('\n    production  —\n');
    expect(text).toContain('  history of staging (newest first)');
  });
});
