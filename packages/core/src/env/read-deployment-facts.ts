// Gathers what buildDeploymentPlan() needs. The release catalog is cheap when the request names
// sealed versions (one head of release.json each, so a rollback costs the same for 10 or 10,000
// files), and for a deploy of the newest release (its version folders, not their files); the
// whole listing is read only for error messages.
import type { ObjectStore } from '../store/object-store';
import { manifestKey } from '../release/release-manifest';
import type { DeploymentFacts, DeploymentRequest, ReleaseCatalog } from './deployment-plan';
import type { EnvironmentsConfig } from './environments-schema';
import type { EnvState } from './env-state';
import { readEnvState } from './read-env-state';
import { readNewestSealedRelease } from './read-newest-sealed-release';
import { readReleaseCatalog, sortVersions } from './read-release-catalog';
import { resolveRollbackTarget } from './resolve-rollback-target';

export interface DeploymentScope {
  product: string;
  /** tagdeploy.json "environments" of the product; undefined = every declared env. */
  productEnvs: readonly string[] | undefined;
  environments: EnvironmentsConfig;
}

export async function readDeploymentFacts(store: ObjectStore, scope: DeploymentScope, request: DeploymentRequest): Promise<DeploymentFacts> {
  const { product, productEnvs, environments } = scope;
  const usable = (env: string | undefined): env is string =>
    env !== undefined && Object.hasOwn(environments, env) && (productEnvs === undefined || productEnvs.includes(env));
  const sourceEnv = request.action === 'promote' && usable(request.env) ? environments[request.env].promoteFrom : undefined;
  const [recent, source] = await Promise.all([
    usable(request.env) ? readEnvState(store, product, request.env, { history: request.action === 'rollback', newest: recentHistory }) : null,
    usable(sourceEnv) ? readEnvState(store, product, sourceEnv, { history: false }) : null,
  ]);
  // A rollback usually finds its target among the last deployments; read the whole history only when not.
  const target = recent && mayNeedOlderHistory(request, recent) ? await readEnvState(store, product, request.env) : recent;
  const wanted = wantedVersion(request, target, source);
  const releases =
    (wanted !== undefined && (await sealedOnly(store, product, [wanted]))) ||
    (request.action === 'deploy' && request.release === undefined ? await readNewestSealedRelease(store, product) : await readReleaseCatalog(store, product));
  return { product, productEnvs, environments, releases, target, ...(request.action === 'promote' ? { source } : {}) };
}

const recentHistory = 20;

function mayNeedOlderHistory(request: DeploymentRequest, state: EnvState): boolean {
  if (request.action !== 'rollback' || state.history.length < recentHistory || !state.pointer) return false;
  if (request.release !== undefined) return !state.history.some((entry) => entry.version === request.release);
  return resolveRollbackTarget(state.pointer.version, state.history) === null;
}

/** The version the request will end on, when it can be known without the whole catalog. */
function wantedVersion(request: DeploymentRequest, target: EnvState | null, source: EnvState | null): string | undefined {
  switch (request.action) {
    case 'deploy':
      return request.release;
    case 'promote':
      return source?.pointer?.version;
    case 'rollback': {
      const current = target?.pointer?.version;
      return request.release ?? (current !== undefined ? resolveRollbackTarget(current, target?.history ?? []) ?? undefined : undefined);
    }
  }
}

/** A catalog of just these versions when all are sealed; undefined otherwise. */
async function sealedOnly(store: ObjectStore, product: string, versions: string[]): Promise<ReleaseCatalog | undefined> {
  const heads = await Promise.all(versions.map((version) => store.head(manifestKey(product, version))));
  return heads.every((head) => head !== undefined) ? { sealed: sortVersions(versions), unsealed: [] } : undefined;
}
