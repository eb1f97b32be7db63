// One env of a container product, read from the GitOps repo: what its file says it runs (the
// truth Argo CD syncs), and its deployments from the trailers of the commits that touched that
// file (one git log). toEnvState() gives the env module's shape, so that its pure plan applies.
import type { DeploymentAction, EnvState, HistoryEntry } from '../env/env-state';
import type { GitopsLayout } from './gitops-config';
import { envFilePath } from './gitops-layout';
import type { GitOpsCommit, GitOpsTree } from './gitops-repo';
import { readEnvImage, type EnvImage } from './read-env-image';

export interface GitopsEnvRef {
  layout: GitopsLayout;
  product: string;
  env: string;
  /** The image repository of the product's releases, to find its kustomize entry. */
  repository?: string | null;
}

export interface GitopsHistoryEntry extends HistoryEntry {
  /** The GitOps commit of the deployment. */
  commit: string;
  /** "repository:tag@digest" from the Image trailer. */
  image: string | null;
}

export interface GitopsEnvState {
  product: string;
  env: string;
  /** The env file. */
  path: string;
  /** false when the env file is not in the repo. */
  exists: boolean;
  /** What the file says the env runs (null: no image yet). */
  image: EnvImage | null;
  /** The newest commit that touched the file (deployment or not). */
  lastCommit: GitOpsCommit | null;
  /** tagdeploy's deployments of the env, oldest first (commits without its trailers are left out). */
  history: GitopsHistoryEntry[];
}

const actions: readonly string[] = ['deploy', 'promote', 'rollback'] satisfies DeploymentAction[];

export async function readGitopsEnvState(tree: GitOpsTree, ref: GitopsEnvRef): Promise<GitopsEnvState> {
  const path = envFilePath(ref.layout, ref.product, ref.env);
  const [text, commits] = await Promise.all([tree.read(path), tree.log(path)]);
  const image = text === null ? null : readEnvImage(text, { layout: ref.layout, path, product: ref.product, repository: ref.repository ?? null });
  const history = commits
    .filter((commit) => actions.includes(commit.trailers.Action) && commit.trailers['To-Version'])
    .reverse()
    .map((commit, index) => toHistoryEntry(ref, commit, index + 1));
  return { product: ref.product, env: ref.env, path, exists: text !== null, image, lastCommit: commits[0] ?? null, history };
}

function toHistoryEntry(ref: GitopsEnvRef, commit: GitOpsCommit, seq: number): GitopsHistoryEntry {
  const t = commit.trailers;
  return {
    product: ref.product,
    env: ref.env,
    version: t['To-Version'],
    previousVersion: t['From-Version'] || null,
    seq,
    action: t.Action as DeploymentAction,
    deployedAt: commit.committedAt,
    deployedBy: t['Requested-By'] || commit.authorName,
    approvedBy: t['Approved-By'] || null,
    reason: t.Reason || null,
    commit: commit.sha,
    image: t.Image || null,
  };
}

/** What the operator saw: the key the conflict check compares (null: the env runs nothing). */
export const envImageKey = (image: EnvImage | null): string | null => (image?.tag ? `${image.tag}@${image.digest ?? ''}` : null);

/** The env module's EnvState; a version set by hand after the last deployment shows as such. */
export function toEnvState(state: GitopsEnvState): EnvState {
  const version = state.image?.tag ?? null;
  const last = state.history.at(-1);
  const pointer =
    version === null
      ? null
      : last && last.version === version
        ? last
        : {
            product: state.product,
            env: state.env,
            version,
            previousVersion: last?.version ?? null,
            seq: (last?.seq ?? 0) + 1,
            action: 'deploy' as const,
            deployedAt: state.lastCommit?.committedAt ?? '',
            deployedBy: `${state.lastCommit?.authorName ?? 'unknown'} (edited outside tagdeploy)`,
            approvedBy: null,
            reason: null,
          };
  return { product: state.product, env: state.env, pointer, etag: envImageKey(state.image), history: state.history };
}
