// Gathers what buildPrunePlan decides from: every release folder of the product (one listing),
// each sealed release's build time, and each env's live version and history (from the env backend
// of the product's kind: store pointers or the GitOps repo).
import type { EnvironmentsConfig } from '../env/environments-schema';
import type { EnvBackend } from '../env/env-backend';
import { sortVersions } from '../env/read-release-catalog';
import { readReleaseManifest } from '../env/read-release-manifest';
import { mapWithConcurrency } from '../env/map-with-concurrency';
import type { ObjectStore } from '../store/object-store';
import { manifestKey } from '../release/release-manifest';
import type { PruneFacts } from './build-prune-plan';
import { pruneMarkerKey } from './prune-marker';

export interface PruneFactSources {
  store: ObjectStore;
  backend: EnvBackend;
  product: string;
  envs: readonly string[];
  environments: EnvironmentsConfig;
  now: Date;
}

export async function readPruneFacts({ store, backend, product, envs, environments, now }: PruneFactSources): Promise<PruneFacts & { keys: Map<string, string[]> }> {
  const prefix = `${product}/releases/`;
  const keys = new Map<string, string[]>();
  for (const key of await store.list(prefix)) {
    const [version, ...rest] = key.slice(prefix.length).split('/');
    if (!version || rest.length === 0) continue;
    keys.set(version, [...(keys.get(version) ?? []), key]);
  }
  const versions = sortVersions([...keys.keys()]);
  const releases = await mapWithConcurrency(versions, 8, async (version) => {
    const files = keys.get(version) ?? [];
    const pruning = files.includes(pruneMarkerKey(product, version));
    const sealed = !pruning && files.includes(manifestKey(product, version));
    const manifest = sealed ? await readReleaseManifest(store, product, version) : undefined;
    return { version, sealed, pruning, builtAt: manifest?.builtAt ?? null };
  });
  const status = await backend.readStatus({ product, envs, history: true });
  const history = status.result.history ?? {};
  return {
    product,
    releases,
    envs: status.result.envs.map((row) => ({
      env: row.env,
      live: row.version,
      history: (history[row.env] ?? []).map((record) => record.to),
      promotedTo: Object.entries(environments).filter(([, config]) => config.promoteFrom === row.env).map(([name]) => name),
    })),
    now: now.toISOString(),
    keys,
  };
}
