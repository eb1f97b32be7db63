// What is live where for a container product, read from the GitOps repo: one fetch, then per env
// its file and one git log. Same shape as readReleaseStatus() (tag and commit from the release's
// release.json), plus the image each env runs, the GitOps commit that set it, and drift when the
// file differs from what tagdeploy wrote (findImageDrift).
import { mapWithConcurrency } from '../env/map-with-concurrency';
import { baseStatusRow, historyByEnv, readLiveManifests, toDeploymentRecord } from '../env/read-release-status';
import type { DeploymentRecord, EnvStatusRow, LiveManifest, ReleaseStatus } from '../env/read-release-status';
import type { ObjectStore } from '../store/object-store';
import { findImageDrift, formatImageDrift } from './find-image-drift';
import type { GitopsLayout } from './gitops-config';
import type { GitOpsRepo } from './gitops-repo';
import { formatImageRef } from './read-env-image';
import { readGitopsEnvState, toEnvState, type GitopsEnvState } from './read-gitops-env-state';
import { readSealedImage, type SealedImage } from './read-release-image';

export interface GitopsEnvStatusRow extends EnvStatusRow {
  digest: string | null;
  /** "repository:tag@digest" as the env file names it. */
  image: string | null;
  /** The env file. */
  path: string;
  /** false when the env file is not in the repo. */
  envFile: boolean;
  /** The GitOps commit of the current deployment. */
  gitopsCommit: string | null;
}

export interface GitopsDeploymentRecord extends DeploymentRecord {
  image: string | null;
  gitopsCommit: string;
}

export interface GitopsReleaseStatus extends ReleaseStatus {
  repo: string;
  envs: GitopsEnvStatusRow[];
  history?: Record<string, GitopsDeploymentRecord[]>;
}

export interface GitopsStatusRequest {
  product: string;
  /** The product's envs, in display order. */
  envs: readonly string[];
  layout: GitopsLayout;
  history?: boolean;
}

export async function readGitopsStatus(store: ObjectStore, repo: GitOpsRepo, request: GitopsStatusRequest): Promise<GitopsReleaseStatus> {
  const { product, layout } = request;
  const tree = await repo.fetch();
  const states = await mapWithConcurrency(request.envs, 4, (env) => readGitopsEnvState(tree, { layout, product, env }));
  const running = states.map((state) => state.image?.tag);
  const [manifestOf, sealedOf] = await Promise.all([readLiveManifests(store, product, running), readSealedImages(store, product, running)]);
  const envs = states.map((state) => statusRow(state, manifestOf(state.image?.tag), sealedOf(state.image?.tag)));
  const status: GitopsReleaseStatus = { product, repo: repo.url, envs };
  if (!request.history) return status;
  return { ...status, history: historyByEnv(states, toRecord) };
}

/** The sealed image of each version some env names, read once per version. */
async function readSealedImages(store: ObjectStore, product: string, running: readonly (string | null | undefined)[]): Promise<(version: string | null | undefined) => SealedImage | undefined> {
  const versions = [...new Set(running.filter((v): v is string => typeof v === 'string'))];
  const sealed = new Map(await mapWithConcurrency(versions, 4, async (version) => [version, await readSealedImage(store, product, version)] as const));
  return (version) => (typeof version === 'string' ? sealed.get(version) : undefined);
}

function statusRow(state: GitopsEnvState, manifest: LiveManifest | undefined, sealed: SealedImage | undefined): GitopsEnvStatusRow {
  const pointer = toEnvState(state).pointer;
  const current = state.history.at(-1);
  const drift = findImageDrift(state, sealed);
  return {
    ...baseStatusRow({ env: state.env, pointer }, manifest),
    ...(drift ? { drift: formatImageDrift(drift) } : {}),
    digest: state.image?.digest ?? null,
    image: state.image?.tag ? formatImageRef(state.image, state.product) : null,
    path: state.path,
    envFile: state.exists,
    gitopsCommit: pointer === null ? null : current && current.version === pointer.version ? current.commit : (state.lastCommit?.sha ?? null),
  };
}

function toRecord(entry: GitopsEnvState['history'][number]): GitopsDeploymentRecord {
  return { ...toDeploymentRecord(entry), image: entry.image, gitopsCommit: entry.commit };
}
