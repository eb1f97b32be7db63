// Opens the configured GitOps repo. "file:<folder>" (relative to the workspace) is tagdeploy's
// own local bare repo: created on first use. Every other URL is handed to git as it is.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { runGit } from '../git/git-cli';
import type { GitopsConfig } from './gitops-config';
import { GitGitOpsRepo, type GitGitOpsRepoOptions } from './git-gitops-repo';

export type OpenGitopsRepoOptions = Pick<GitGitOpsRepoOptions, 'gitConfig' | 'retry' | 'random'>;

/** The folder of a file:<folder> repo, or null for any other URL (file:// URLs included: git reads those). */
export function localRepoPath(repo: string, workspaceRoot: string): string | null {
  const match = /^file:(?!\/\/)(.+)$/.exec(repo);
  if (!match) return null;
  return isAbsolute(match[1]) ? match[1] : resolve(workspaceRoot, match[1]);
}

/** Whether missing product files are added on first use (default: only in a file: repo). */
export const scaffoldsMissingFiles = (config: GitopsConfig, workspaceRoot: string): boolean =>
  config.scaffold ?? localRepoPath(config.repo, workspaceRoot) !== null;

export async function openGitopsRepo(config: GitopsConfig, workspaceRoot: string, options: OpenGitopsRepoOptions = {}): Promise<GitGitOpsRepo> {
  const local = localRepoPath(config.repo, workspaceRoot);
  if (local !== null && !existsSync(local)) {
    await mkdir(local, { recursive: true });
    await runGit(local, ['init', '-q', '--bare', '-b', config.branch]);
    await runGit(local, ['config', 'gc.auto', '0']);
  }
  return GitGitOpsRepo.open({ url: config.repo, remote: local ?? config.repo, branch: config.branch, ...options });
}
