import { describe, expect, it } from 'vitest';
import { failure, stagingAndProduction, useTempFileStores } from '../env/testing/env-builders';
import type { DeploymentRequest } from '../env/deployment-plan';
import { runEnvChange, type EnvChangeRun } from '../env/run-env-change';
import type { GitopsLayout } from './gitops-config';
import { aGitopsBackend, digestOf, git, remoteFile, remoteHead, repositoryOf, sealContainerRelease, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();
const newStore = useTempFileStores();
const product = 'payments-api';
const stagingFile = `apps/${product}/envs/staging/kustomization.yaml`;
const productionFile = `apps/${product}/envs/production/kustomization.yaml`;

async function aWorld(options: { layout?: GitopsLayout; versions?: string[] } = {}) {
  const { store } = newStore();
  for (const version of options.versions ?? ['0.1.0', '0.2.0', '0.3.0']) await sealContainerRelease(store, product, version);
  const bare = fixtures.bareRemote();
  const repo = await fixtures.open(bare);
  const layout = options.layout ?? 'kustomize';
  const backend = aGitopsBackend({ store, repo, layout, scaffold: { repoURL: 'https://git.example/gitops.git', port: 3000, healthPath: '/health' } });
  const run = async (request: DeploymentRequest, overrides: Partial<EnvChangeRun> = {}) =>
    runEnvChange(backend, { scope: { product, productEnvs: undefined, environments: stagingAndProduction() }, request, deployedBy: 'alice', approval: {}, ...overrides });
  return { store, bare, repo, run };
}

const approved = { approval: { approve: true, approvedBy: 'carol' } };
const trailersOf = (bare: string, rev = 'main') => git(bare, 'log', '-1', '--format=%(trailers:only,unfold)', rev);
const changedFiles = (bare: string, rev = 'main') => git(bare, 'show', '--format=', '--name-only', rev);

describe('GitopsEnvBackend through runEnvChange: deploy', () => {
  it('adds the product to an empty repo, then deploys the newest sealed release with one commit to the env file', async () => {
    const { bare, run } = await aWorld();
    const { result, text } = await run({ action: 'deploy', env: 'staging' });
    expect(result.plan).toMatchObject({ status: 'ready', from: null, to: '0.3.0', image: { repository: repositoryOf(product), tag: '0.3.0', digest: digestOf(product, '0.3.0') } });
    expect(git(bare, 'log', '--format=%s', 'main')).toBe(
      `deploy ${product} 0.3.0 to staging\nadd ${product} (kustomize: base, staging, production, Argo CD Applications)`,
    );
    expect(changedFiles(bare)).toBe(stagingFile);
    expect(trailersOf(bare)).toBe(
      [`Action: deploy`, `Product: ${product}`, 'Environment: staging', 'To-Version: 0.3.0', `Image: ${repositoryOf(product)}:0.3.0@${digestOf(product, '0.3.0')}`, 'Requested-By: alice'].join('\n'),
    );
    expect(remoteFile(bare, stagingFile)).toContain(`images:\n- name: ${product}\n  newName: ${repositoryOf(product)}\n  newTag: 0.3.0\n  digest: ${digestOf(product, '0.3.0')}`);
    expect(git(bare, 'ls-tree', '-r', '--name-only', 'main', 'argocd')).toBe(`argocd/${product}-production.yaml\nargocd/${product}-staging.yaml`);
    expect(text).toMatch(
      new RegExp(`^Deployed ${product} in staging: nothing → 0\\.3\\.0, switched in \\d+ ms\\.\n  image ${repositoryOf(product)}:0\\.3\\.0@${digestOf(product, '0.3.0')}, commit [0-9a-f]{7}$`),
    );
  });

  it('keeps the comments of the env file and changes only the image lines', async () => {
    const { bare, run } = await aWorld();
    await run({ action: 'deploy', env: 'staging', release: '0.1.0' });
    await run({ action: 'deploy', env: 'staging', release: '0.2.0' });
    const diff = git(bare, 'diff', 'main~1', 'main', '--unified=0', '--', stagingFile).split('\n').filter((line) => /^[-+] /.test(line));
    expect(diff).toEqual([`-  newTag: 0.1.0`, `-  digest: ${digestOf(product, '0.1.0')}`, `+  newTag: 0.2.0`, `+  digest: ${digestOf(product, '0.2.0')}`]);
    expect(remoteFile(bare, stagingFile)).toMatch(/^# payments-api in staging\. tagdeploy sets the image entry/);
  });

  it('says "already live" and commits nothing when the env runs that release', async () => {
    const { bare, run } = await aWorld();
    await run({ action: 'deploy', env: 'staging', release: '0.2.0' });
    const head = remoteHead(bare);
    const again = await run({ action: 'deploy', env: 'staging', release: '0.2.0' });
    expect(again.result.plan.status).toBe('already-live');
    expect(again.text).toBe(`${product} 0.2.0 is already live in staging; nothing changed.`);
    expect(remoteHead(bare)).toBe(head);
  });

  it('edits helm values in the helm layout', async () => {
    const { bare, run } = await aWorld({ layout: 'helm' });
    await run({ action: 'deploy', env: 'staging', release: '0.2.0' });
    expect(changedFiles(bare)).toBe(`apps/${product}/envs/staging/values.yaml`);
    expect(remoteFile(bare, `apps/${product}/envs/staging/values.yaml`)).toContain(
      `image:\n  repository: ${repositoryOf(product)}\n  tag: 0.2.0\n  digest: ${digestOf(product, '0.2.0')}`,
    );
    expect(git(bare, 'ls-tree', '-r', '--name-only', 'main', `apps/${product}/base`)).toContain(`apps/${product}/base/templates/deployment.yaml`);
  });

  it('refuses a release whose release.json records no image, and commits nothing', async () => {
    const { store, bare, run } = await aWorld();
    await run({ action: 'deploy', env: 'staging', release: '0.1.0' });
    const head = remoteHead(bare);
    const { manifestKey } = await import('../release/release-manifest');
    const body = Buffer.from(JSON.stringify({ schemaVersion: 1, product, version: '0.4.0' }));
    const { createHash } = await import('node:crypto');
    await store.create(manifestKey(product, '0.4.0'), body, { contentType: 'application/json', sha256: createHash('sha256').update(body).digest('hex') });
    const error = await failure(run({ action: 'deploy', env: 'staging', release: '0.4.0' }));
    expect(error.code).toBe('IMAGE_MISSING');
    expect(error.message).toContain(`${product}/releases/0.4.0/release.json records no image`);
    expect(remoteHead(bare)).toBe(head);
  });
});

describe('GitopsEnvBackend through runEnvChange: promote and rollback', () => {
  it('promotes the image release.json sealed, which staging runs, with the approver in the trailers', async () => {
    const { bare, run } = await aWorld();
    await run({ action: 'deploy', env: 'staging', release: '0.2.0' });

    const { result, text } = await run({ action: 'promote', env: 'production' }, approved);
    expect(result.plan).toMatchObject({ action: 'promote', sourceEnv: 'staging', to: '0.2.0', image: { repository: repositoryOf(product), tag: '0.2.0', digest: digestOf(product, '0.2.0') } });
    expect(remoteFile(bare, productionFile)).toContain(`newName: ${repositoryOf(product)}\n  newTag: 0.2.0\n  digest: ${digestOf(product, '0.2.0')}`);
    expect(trailersOf(bare)).toContain('Action: promote\n');
    expect(trailersOf(bare)).toContain('Approved-By: carol');
    expect(changedFiles(bare)).toBe(productionFile);
    expect(text).toMatch(/^Promoted \(from staging\) payments-api in production: nothing → 0\.2\.0, switched in \d+ ms, approved by carol\./);
  });

  it('refuses to promote to an env that requires approval without an approver, and commits nothing', async () => {
    const { bare, run } = await aWorld();
    await run({ action: 'deploy', env: 'staging', release: '0.2.0' });
    const head = remoteHead(bare);
    const error = await failure(run({ action: 'promote', env: 'production' }));
    expect(error.code).toBe('APPROVAL_REQUIRED');
    expect(error.message).toContain('pass --approve --approved-by=<name>');
    expect(remoteHead(bare)).toBe(head);
  });

  it('asks for confirmation with the changelogs in between, and records who confirmed', async () => {
    const { bare, run } = await aWorld();
    await run({ action: 'deploy', env: 'staging', release: '0.3.0' });
    let summary = '';
    await run({ action: 'promote', env: 'production' }, { confirm: async (text) => ((summary = text), { confirmed: true, identity: 'dave' }) });
    expect(summary).toContain('promote payments-api in production: (nothing) → 0.3.0 (as in staging)');
    expect(summary).toContain('- change 0.3.0');
    expect(trailersOf(bare)).toContain('Approved-By: dave');
  });

  it('rolls back to the previous version in the env file\'s history, with its digest and the reason', async () => {
    const { bare, run } = await aWorld();
    await run({ action: 'deploy', env: 'staging', release: '0.1.0' });
    await run({ action: 'deploy', env: 'staging', release: '0.2.0' });
    const { result } = await run({ action: 'rollback', env: 'staging', reason: 'errors\non checkout' });
    expect(result.plan).toMatchObject({ action: 'rollback', from: '0.2.0', to: '0.1.0', image: { digest: digestOf(product, '0.1.0') } });
    expect(remoteFile(bare, stagingFile)).toContain(`newTag: 0.1.0\n  digest: ${digestOf(product, '0.1.0')}`);
    expect(trailersOf(bare)).toContain('Action: rollback\nProduct: payments-api\nEnvironment: staging\nFrom-Version: 0.2.0\nTo-Version: 0.1.0\n');
    expect(trailersOf(bare)).toContain('Reason: errors on checkout');
    // A second rollback goes further back instead of returning to 0.2.0.
    const error = await failure(run({ action: 'rollback', env: 'staging' }));
    expect(error.code).toBe('NO_EARLIER_RELEASE');
  });
});
