// The EnvBackend port: where the env state of a product lives and how it changes. Two
// implementations: StoreEnvBackend (static products: pointers and history in the store, made live
// by the env's router) and GitopsEnvBackend (container products: env files in the GitOps repo that
// Argo CD syncs). runEnvChange() is the one deploy / promote / rollback flow over either.
import type { CommandResult } from '../commands/host';
import type { ObjectStore } from '../store/object-store';
import type { DeploymentIdentity, DeploymentOutcome } from './apply-deployment';
import type { DeploymentPlan, DeploymentRequest } from './deployment-plan';
import type { DeploymentScope } from './read-deployment-facts';
import type { ReleaseStatus } from './read-release-status';
import type { RouterActivation } from './router-port';

/** What apply() did. */
export interface EnvApplied<Outcome extends DeploymentOutcome> {
  outcome: Outcome;
  /** What the router did to make the change live; null when nothing needs activating (Argo CD syncs a GitOps commit). */
  activation: RouterActivation | null;
  /** One more line for a person on where the change landed (the GitOps image and commit). */
  detail?: string;
}

export interface EnvStatusRequest {
  product: string;
  /** The product's envs, in display order (declared order, limited by its tagdeploy.json). */
  envs: readonly string[];
  history?: boolean;
}

export interface EnvBackend<
  Plan extends DeploymentPlan = DeploymentPlan,
  Outcome extends DeploymentOutcome = DeploymentOutcome,
  Status extends ReleaseStatus = ReleaseStatus,
> {
  /** Where the product's releases live (release.json, changelogs): the approval prompt reads them from here. */
  readonly releases: ObjectStore;
  /**
   * Reads the env's state and decides with buildDeploymentPlan(): the same rules, refusals and
   * "already live" for every backend. Bad input throws a TagdeployError and changes nothing. Writes
   * nothing, except that a GitOps backend allowed to scaffold first adds the product's missing files,
   * and that the store backend finishes, for an env already on the release, what an interrupted
   * change left out after its pointer switch (the history entry, the router).
   */
  plan(scope: DeploymentScope, request: DeploymentRequest): Promise<Plan>;
  /**
   * Refuses, before anyone is asked to approve it, a 'ready' plan whose release cannot go live
   * (RELEASE_CORRUPT, UNSEALED_RELEASE, ...). Reads only. Its cost must not grow with the size of
   * the release for a rollback.
   */
  check(plan: Plan): Promise<void>;
  /**
   * Carries out a 'ready' plan, then makes it live. Throws APPROVAL_REQUIRED when the plan needs
   * approval and identity names no approver, and ENV_CONFLICT when the env changed since the plan
   * was made; in both cases nothing is written.
   */
  apply(plan: Plan, identity: DeploymentIdentity): Promise<EnvApplied<Outcome>>;
  /** The outcome of an 'already-live' plan: nothing changed (pure, no I/O). */
  unchanged(plan: Plan): Outcome;
  /** What is live where for each env (with history: every deployment, newest first), and its text. */
  readStatus(request: EnvStatusRequest): Promise<CommandResult<Status>>;
  /** Releases what the backend holds (a GitOps clone). The backend is not used afterwards. */
  close(): Promise<void>;
}

/** The outcome fields of an env that already runs the release (a backend adds its own). */
export const unchangedOutcome = { changed: false, pointer: null, elapsedMs: 0 } as const satisfies DeploymentOutcome;
