// The data of a deployment decision: facts read first, the request, and the JSON plan that
// buildDeploymentPlan() returns and applyDeployment() carries out.
import type { EnvironmentsConfig } from './environments-schema';
import type { DeploymentAction, EnvState } from './env-state';

/**
 * Versions of one product in the store, each list ascending by semver. readDeploymentFacts()
 * fills it with only the versions a request names when they are sealed (cheap: no listing); for
 * a deploy of the newest release with that release and the unfinished ones above it
 * (readNewestSealedRelease); otherwise with every version (readReleaseCatalog), for error messages.
 */
export interface ReleaseCatalog {
  /** Versions with a release.json. */
  sealed: string[];
  /** Version folders without a release.json (a release that did not finish). */
  unsealed: string[];
}

export interface DeploymentRequest {
  action: DeploymentAction;
  /** The env to change (for promote: the `--to` env). */
  env: string;
  /** deploy: the release (default newest sealed); rollback: the target (default previous); promote: an optional guard. */
  release?: string;
  reason?: string;
}

export interface DeploymentFacts {
  product: string;
  /** The envs the product limits itself to (tagdeploy.json "environments"); undefined = all declared. */
  productEnvs: readonly string[] | undefined;
  environments: EnvironmentsConfig;
  releases: ReleaseCatalog;
  /** State of the env to change; null only when the env is unknown or not allowed. */
  target: EnvState | null;
  /** State of the promoteFrom env, for promote. */
  source?: EnvState | null;
}

export interface DeploymentPlan {
  /** 'already-live': the env already runs `to`, nothing to do (a normal result, exit 0). */
  status: 'ready' | 'already-live';
  product: string;
  env: string;
  action: DeploymentAction;
  from: string | null;
  to: string;
  /** Etag of the pointer the plan was made from (null: the env had no pointer). */
  expectedEtag: string | null;
  /** Seq of the history entry this deployment will write. */
  seq: number;
  needsApproval: boolean;
  /** For promote: the env the release comes from. */
  sourceEnv?: string;
  reason: string | null;
}
