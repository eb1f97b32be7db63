import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitopsConfigSchema } from './gitops-config';
import { localRepoPath, openGitopsRepo, scaffoldsMissingFiles } from './open-gitops-repo';
import { git, testGitConfig, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();

describe('openGitopsRepo', () => {
  it('creates the default local bare repo on first use, relative to the workspace', async () => {
    const workspace = fixtures.tempDir();
    const config = gitopsConfigSchema.parse({});
    expect(config).toEqual({ repo: 'file:.tagdeploy/gitops.git', layout: 'kustomize', branch: 'main' });
    const repo = await openGitopsRepo(config, workspace, { gitConfig: testGitConfig });
    fixtures.defer(() => repo.close());
    const bare = join(workspace, '.tagdeploy/gitops.git');
    expect(git(bare, 'rev-parse', '--is-bare-repository')).toBe('true');
    expect((await repo.fetch()).head).toBeNull();
    expect(scaffoldsMissingFiles(config, workspace)).toBe(true);
  });

  it('hands every other URL to git as it is, and does not scaffold there unless asked', () => {
    const workspace = fixtures.tempDir();
    expect(localRepoPath('git@git.example:ops/gitops.git', workspace)).toBeNull();
    expect(localRepoPath('file:///srv/gitops.git', workspace)).toBeNull();
    expect(localRepoPath('file:ops/gitops.git', workspace)).toBe(join(workspace, 'ops/gitops.git'));
    const remote = gitopsConfigSchema.parse({ repo: 'https://git.example/gitops.git' });
    expect(scaffoldsMissingFiles(remote, workspace)).toBe(false);
    expect(scaffoldsMissingFiles({ ...remote, scaffold: true }, workspace)).toBe(true);
    expect(existsSync(join(workspace, '.tagdeploy'))).toBe(false);
  });

  it('rejects an unknown layout', () => {
    expect(gitopsConfigSchema.safeParse({ layout: 'jsonnet' }).success).toBe(false);
  });
});
