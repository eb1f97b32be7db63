// The env overlay that a deployment writes renders, with the real kustomize of kubectl, to a
// Deployment that runs the image by tag and digest.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { stagingAndProduction, useTempFileStores } from '../env/testing/env-builders';
import { runEnvChange } from '../env/run-env-change';
import { aGitopsBackend, digestOf, git, repositoryOf, sealContainerRelease, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();
const newStore = useTempFileStores();
const kubectl = '/usr/bin/kubectl';

describe('kubectl kustomize apps/<product>/envs/<env>', () => {
  it('renders the Deployment with image repository:tag@digest after a deploy', async () => {
    if (!existsSync(kubectl)) throw new Error(`${kubectl} is missing: this test needs kubectl (with kustomize v5) to render the overlay. Install kubectl from https://dl.k8s.io (Debian's kubernetes-client is too old).`);
    const { store } = newStore();
    await sealContainerRelease(store, 'payments-api', '0.2.0');
    const bare = fixtures.bareRemote();
    await runEnvChange(aGitopsBackend({ store, repo: await fixtures.open(bare), scaffold: { repoURL: 'https://git.example/gitops.git', port: 3000, healthPath: '/health' } }), {
      scope: { product: 'payments-api', productEnvs: undefined, environments: stagingAndProduction() },
      request: { action: 'deploy', env: 'staging' },
      deployedBy: 'alice',
      approval: {},
    });
    const checkout = fixtures.tempDir();
    git(checkout, 'clone', '-q', bare, '.');
    const rendered = execFileSync(kubectl, ['kustomize', 'apps/payments-api/envs/staging'], { cwd: checkout, encoding: 'utf8' });
    const docs = parseAllDocuments(rendered).map((doc) => doc.toJS() as { kind: string; spec: any });
    const deployment = docs.find((doc) => doc.kind === 'Deployment');
    expect(deployment?.spec.template.spec.containers[0].image).toBe(`${repositoryOf('payments-api')}:0.2.0@${digestOf('payments-api', '0.2.0')}`);
    expect(docs.map((doc) => doc.kind).sort()).toEqual(['Deployment', 'Service']);
  });
});
