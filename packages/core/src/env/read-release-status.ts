// What is live where: for each env of a product, the release its pointer names (with tag and
// commit from that release's release.json), who deployed it, and drift when the router serves
// something else. With `history`, every deployment of each env, newest first.
import type { ReleaseManifest } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import type { DeploymentAction, EnvState } from './env-state';
import { mapWithConcurrency } from './map-with-concurrency';
import { readEnvState } from './read-env-state';
import { readReleaseManifest } from './read-release-manifest';
import type { Router } from './router-port';

export interface EnvStatusRow {
  env: string;
  version: string | null;
  tag: string | null;
  commit: string | null;
  deployedAt: string | null;
  deployedBy: string | null;
  approvedBy: string | null;
  /** Set when the router serves another version than the pointer names (or cannot be read). */
  drift?: string;
}

export interface DeploymentRecord {
  seq: number;
  action: DeploymentAction;
  from: string | null;
  to: string;
  deployedBy: string;
  approvedBy: string | null;
  reason: string | null;
  deployedAt: string;
}

export interface ReleaseStatus {
  product: string;
  envs: EnvStatusRow[];
  /** Present when history was asked for: env → deployments, newest first. */
  history?: Record<string, DeploymentRecord[]>;
}

export interface ReleaseStatusRequest {
  product: string;
  /** The product's envs, in display order (declared order, limited by its tagdeploy.json). */
  envs: readonly string[];
  /** Router of each env, to detect drift; envs without one are not checked. */
  routers?: Readonly<Record<string, Router>>;
  history?: boolean;
}

export async function readReleaseStatus(store: ObjectStore, request: ReleaseStatusRequest): Promise<ReleaseStatus> {
  const { product } = request;
  const states = await mapWithConcurrency(request.envs, 4, (env) => readEnvState(store, product, env, { history: request.history === true }));
  const manifestOf = await readLiveManifests(store, product, states.map((state) => state.pointer?.version));
  const envs = await Promise.all(states.map((state) => statusRow(state, manifestOf(state.pointer?.version), request.routers?.[state.env])));
  if (!request.history) return { product, envs };
  return { product, envs, history: historyByEnv(states, toDeploymentRecord) };
}

/** What the status shows of the live release's release.json. */
export type LiveManifest = Pick<ReleaseManifest, 'tag' | 'commit'>;

/**
 * The release.json of each version some env runs, read once per version, for the status columns
 * every engine shows. An unsealed or unreadable release shows without tag and commit.
 */
export async function readLiveManifests(
  store: ObjectStore,
  product: string,
  running: readonly (string | null | undefined)[],
): Promise<(version: string | null | undefined) => LiveManifest | undefined> {
  const versions = [...new Set(running.filter((v): v is string => typeof v === 'string'))];
  const manifests = new Map(
    await mapWithConcurrency(versions, 4, async (version) => [version, await readReleaseManifest(store, product, version).catch(() => undefined)] as const),
  );
  return (version) => (version ? manifests.get(version) : undefined);
}

/** Each env's deployments for --history, newest first. */
export function historyByEnv<Entry, Item>(states: readonly { env: string; history: readonly Entry[] }[], toItem: (entry: Entry) => Item): Record<string, Item[]> {
  return Object.fromEntries(states.map((state) => [state.env, [...state.history].reverse().map(toItem)]));
}

/** The status columns every engine shows: from the env's pointer and the live release's manifest. */
export function baseStatusRow(state: Pick<EnvState, 'env' | 'pointer'>, manifest: LiveManifest | undefined): EnvStatusRow {
  const { pointer } = state;
  return {
    env: state.env,
    version: pointer?.version ?? null,
    tag: manifest?.tag ?? null,
    commit: manifest?.commit ?? null,
    deployedAt: pointer?.deployedAt ?? null,
    deployedBy: pointer?.deployedBy ?? null,
    approvedBy: pointer?.approvedBy ?? null,
  };
}

async function statusRow(state: EnvState, manifest: LiveManifest | undefined, router: Router | undefined): Promise<EnvStatusRow> {
  const row = baseStatusRow(state, manifest);
  const drift = router ? await readDrift(router, state) : undefined;
  return drift ? { ...row, drift } : row;
}

async function readDrift(router: Router, state: EnvState): Promise<string | undefined> {
  try {
    const live = await router.readLive({ product: state.product, env: state.env });
    const expected = state.pointer?.version ?? null;
    if (live === expected) return undefined;
    return `${router.type} router serves ${live ?? 'nothing'}, pointer says ${expected ?? 'nothing'}`;
  } catch (error) {
    return `${router.type} router could not be read: ${(error as Error).message}`;
  }
}

/** One history entry as a status row of --history (the GitOps status adds its image and commit). */
export function toDeploymentRecord(entry: EnvState['history'][number]): DeploymentRecord {
  return {
    seq: entry.seq,
    action: entry.action,
    from: entry.previousVersion,
    to: entry.version,
    deployedBy: entry.deployedBy,
    approvedBy: entry.approvedBy,
    reason: entry.reason,
    deployedAt: entry.deployedAt,
  };
}
