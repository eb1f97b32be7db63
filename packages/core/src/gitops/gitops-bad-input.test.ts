// What a deployment refuses, each time with the message and with the remote left as it was.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveGit } from './testing/git-server';
import { failure, stagingAndProduction, useTempFileStores } from '../env/testing/env-builders';
import { runEnvChange } from '../env/run-env-change';
import type { ObjectStore } from '../store/object-store';
import type { GitOpsRepo } from './gitops-repo';
import { aGitopsBackend, git, remoteHead, sealContainerRelease, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();
const newStore = useTempFileStores();
const product = 'payments-api';

async function aStore(): Promise<ObjectStore> {
  const { store } = newStore();
  for (const version of ['0.1.0', '0.2.0']) await sealContainerRelease(store, product, version);
  return store;
}

const deploy = (store: ObjectStore, repo: GitOpsRepo, scaffold = false) =>
  runEnvChange(aGitopsBackend({ store, repo, ...(scaffold ? { scaffold: { repoURL: 'https://git.example/gitops.git', port: 3000, healthPath: '/health' } } : {}) }), {
    scope: { product, productEnvs: undefined, environments: stagingAndProduction() },
    request: { action: 'deploy', env: 'staging', release: '0.2.0' },
    deployedBy: 'alice',
    approval: {},
  });

/** A remote holding the given files in one commit. */
function aRemoteWith(files: Record<string, string>): string {
  const bare = fixtures.bareRemote();
  const work = fixtures.tempDir();
  git(work, 'clone', '-q', bare, '.');
  for (const [key, value] of Object.entries({ 'user.name': 'Tess', 'user.email': 't@example.test', 'commit.gpgsign': 'false' })) git(work, 'config', key, value);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), text);
  }
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'seed');
  git(work, 'push', '-q', 'origin', 'HEAD:main');
  return bare;
}

describe('GitOps repo unreachable', () => {
  it('a closed port: GITOPS_UNAVAILABLE naming the URL and the fix; the repo is unchanged', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tagdeploy-git-daemon-'));
    fixtures.defer(() => rmSync(base, { recursive: true, force: true }));
    const bare = fixtures.bareRemote(base, 'gitops.git');
    const server = await serveGit(base);
    await server.stop();
    const url = server.url('gitops.git');
    const error = await failure(deploy(await aStore(), await fixtures.open(url), true));
    expect(error.code).toBe('GITOPS_UNAVAILABLE');
    expect(error.message).toContain(`The GitOps repo ${url} cannot be reached`);
    expect(error.message).toContain('Check "gitops.repo" in ⟦settings⟧');
    expect(error.message).toContain('Nothing changed.');
    expect(remoteHead(bare)).toBeNull();
  });

  it('a path that does not exist: GITOPS_UNAVAILABLE, and nothing is created there', async () => {
    const missing = join(fixtures.tempDir(), 'no-such-repo.git');
    const error = await failure(deploy(await aStore(), await fixtures.open(missing), true));
    expect(error.code).toBe('GITOPS_UNAVAILABLE');
    expect(error.message).toContain(missing);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('env files', () => {
  it('missing: GITOPS_ENV_MISSING naming the path and the fix; no commit', async () => {
    const bare = aRemoteWith({ [`apps/${product}/base/kustomization.yaml`]: 'resources: []\n' });
    const head = remoteHead(bare);
    const error = await failure(deploy(await aStore(), await fixtures.open(bare)));
    expect(error.code).toBe('GITOPS_ENV_MISSING');
    expect(error.message).toContain(`apps/${product}/envs/staging/kustomization.yaml is not in the GitOps repo (at ${head?.slice(0, 7)})`);
    expect(error.message).toContain('"gitops.scaffold": true');
    expect(remoteHead(bare)).toBe(head);
  });

  it('not valid YAML: GITOPS_FILE_INVALID naming the file; the file keeps its bytes and nothing is committed', async () => {
    const broken = '# staging\nresources: [../../base\nimages:\n- name: payments-api\n  newTag: 0.1.0\n';
    const path = `apps/${product}/envs/staging/kustomization.yaml`;
    const bare = aRemoteWith({ [path]: broken });
    const head = remoteHead(bare);
    const error = await failure(deploy(await aStore(), await fixtures.open(bare), true));
    expect(error.code).toBe('GITOPS_FILE_INVALID');
    expect(error.message).toContain(`${path} cannot be read: it is not valid YAML (line`);
    expect(git(bare, 'cat-file', 'blob', `main:${path}`) + '\n').toBe(broken);
    expect(remoteHead(bare)).toBe(head);
  });
});
