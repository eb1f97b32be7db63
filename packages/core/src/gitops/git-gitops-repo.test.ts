import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure } from '../env/testing/env-builders';
import { serveGit, useGitServer } from './testing/git-server';
import type { GitOpsChange } from './gitops-repo';
import { git, remoteFile, remoteHead, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();

const writeOne = (path: string, content: string, trailers: [string, string][] = []): GitOpsChange => ({
  edit: async () => ({ [path]: content }),
  message: `write ${path}`,
  trailers,
});

describe('GitGitOpsRepo on a bare repo', () => {
  it('sees an empty repo as a branch without a head, and creates the branch with the first commit', async () => {
    const bare = fixtures.bareRemote();
    const repo = await fixtures.open(bare);
    expect((await repo.fetch()).head).toBeNull();
    const result = await repo.commit(writeOne('apps/a/envs/staging/kustomization.yaml', 'resources: []\n'));
    expect(result).toEqual({ commit: remoteHead(bare), attempts: 1 });
    expect(remoteFile(bare, 'apps/a/envs/staging/kustomization.yaml')).toBe('resources: []');
  });

  it('reads files, lists folders and reads trailers back from one file\'s log', async () => {
    const bare = fixtures.bareRemote();
    const repo = await fixtures.open(bare);
    await repo.commit(writeOne('apps/a/envs/staging/kustomization.yaml', 'v: 1\n', [['Action', 'deploy'], ['To-Version', '0.1.0'], ['Reason', 'multi\nline  reason']]));
    await repo.commit(writeOne('apps/b/envs/staging/kustomization.yaml', 'v: 2\n'));
    const tree = await repo.fetch();
    expect(await tree.read('apps/a/envs/staging/kustomization.yaml')).toBe('v: 1\n');
    expect(await tree.read('apps/a/envs/production/kustomization.yaml')).toBeNull();
    expect(await tree.list(['apps/a'])).toEqual(['apps/a/envs/staging/kustomization.yaml']);
    const log = await tree.log('apps/a/envs/staging/kustomization.yaml');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ authorName: 'Tess Tagger', trailers: { Action: 'deploy', 'To-Version': '0.1.0', Reason: 'multi line reason' } });
  });

  it('after a rejected push, fetches, edits again on the new head and lands', async () => {
    const bare = fixtures.bareRemote();
    const first = await fixtures.open(bare);
    await first.commit(writeOne('a.txt', 'a\n'));
    const late = await fixtures.open(bare);
    await late.fetch();
    await first.commit(writeOne('b.txt', 'b\n'));
    const heads: (string | null)[] = [];
    const result = await late.commit({
      edit: async (tree) => {
        heads.push(tree.head);
        return { 'c.txt': `c after ${(await tree.read('b.txt')) ?? 'nothing'}` };
      },
      message: 'write c',
      trailers: [],
    });
    expect(result.attempts).toBe(2);
    expect(heads[1]).not.toBe(heads[0]);
    expect(remoteFile(bare, 'c.txt')).toBe('c after b');
    expect(git(bare, 'log', '--format=%s', 'main')).toBe('write c\nwrite b.txt\nwrite a.txt');
  });

  it('commits nothing when the edit changes nothing', async () => {
    const bare = fixtures.bareRemote();
    const repo = await fixtures.open(bare);
    await repo.commit(writeOne('a.txt', 'a\n'));
    const head = remoteHead(bare);
    expect(await repo.commit(writeOne('a.txt', 'a\n'))).toEqual({ commit: null, attempts: 0 });
    expect(remoteHead(bare)).toBe(head);
  });

  it('stops when the edit throws, and pushes nothing', async () => {
    const bare = fixtures.bareRemote();
    const repo = await fixtures.open(bare);
    await repo.commit(writeOne('a.txt', 'a\n'));
    const head = remoteHead(bare);
    await expect(repo.commit({ edit: async () => Promise.reject(new Error('no')), message: 'x', trailers: [] })).rejects.toThrow('no');
    expect(remoteHead(bare)).toBe(head);
  });

  it('refuses a repo path that does not exist with GITOPS_UNAVAILABLE naming the URL and the fix', async () => {
    const missing = join(fixtures.tempDir(), 'nope.git');
    const repo = await fixtures.open(missing);
    const error = await failure(repo.fetch());
    expect(error.code).toBe('GITOPS_UNAVAILABLE');
    expect(error.message).toContain(`The GitOps repo ${missing} cannot be reached`);
    expect(error.message).toContain('"gitops.repo"');
    expect(error.message).toContain(`git ls-remote ${missing}`);
  });
});

describe('GitGitOpsRepo through git daemon', () => {
  const daemon = useGitServer();

  it('lands concurrent commits from several clones: each retries until it is on top', async () => {
    const bare = fixtures.bareRemote(daemon.baseDir, 'concurrent.git');
    const repos = await Promise.all([1, 2, 3, 4].map(() => fixtures.open(daemon.server.url('concurrent.git'))));
    await Promise.all(repos.map((repo) => repo.fetch()));
    const results = await Promise.all(repos.map((repo, index) => repo.commit(writeOne(`file-${index}.txt`, `${index}\n`))));
    expect(results.map((result) => result.commit)).not.toContain(null);
    expect(Math.max(...results.map((result) => result.attempts))).toBeGreaterThan(1);
    expect(git(bare, 'ls-tree', '--name-only', 'main').split('\n').sort()).toEqual(['file-0.txt', 'file-1.txt', 'file-2.txt', 'file-3.txt']);
    expect(git(bare, 'rev-list', '--count', 'main')).toBe('4');
  });

  it('refuses a closed port with GITOPS_UNAVAILABLE naming the URL', async () => {
    const closed = await serveGit(daemon.baseDir);
    await closed.stop();
    const url = closed.url('gitops.git');
    const error = await failure((await fixtures.open(url)).fetch());
    expect(error.code).toBe('GITOPS_UNAVAILABLE');
    expect(error.message).toContain(`The GitOps repo ${url} cannot be reached`);
  });
});

