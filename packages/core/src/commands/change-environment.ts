// deploy / promote / rollback: one command, one flow (runEnvChange), the env backend chosen by
// kind. Static products switch a pointer in the store (and activate the env's router); npm
// products do the same with the registry's dist-tag of the env's name as the router; container
// products commit to the GitOps repo that Argo CD syncs.
import type { DeploymentAction } from '../env/env-state';
import type { EnvBackend } from '../env/env-backend';
import { resolveActor } from '../env/resolve-actor';
import { runEnvChange } from '../env/run-env-change';
import { StoreEnvBackend, type DeploymentResult } from '../env/store-env-backend';
import { GitopsEnvBackend, type GitopsDeploymentResult } from '../gitops/gitops-env-backend';
import { resolveRouter } from '../router/resolve-router';
import { DistTagRouter } from '../router/dist-tag-router';
import type { Router } from '../env/router-port';
import { NpmRegistry } from '../npm/npm-registry';
import { readNpmPackage } from '../npm/read-npm-package';
import { resolveNpmRegistry } from '../npm/resolve-npm-registry';
import { checkCommittedApproval } from './check-committed-approval';
import { checkRequiredSignature } from '../provenance/check-required-signature';
import type { CommandResult, Host } from './host';
import { loadContainerRuntime } from './load-container-runtime';
import { loadProductContext, type ProductContext } from './load-product-context';

export interface EnvChangeRequest {
  action: DeploymentAction;
  product: string;
  /** The env to change (for promote: the env promoted to). */
  env: string;
  /** deploy: the release (default newest sealed); rollback: the target (default the previous one); promote: a guard. */
  release?: string;
  reason?: string;
  approve?: boolean;
  approvedBy?: string;
}

export type EnvChangeResult = CommandResult<DeploymentResult | GitopsDeploymentResult>;

export async function changeEnvironment(request: EnvChangeRequest, host: Host): Promise<EnvChangeResult> {
  const context = loadProductContext(host, request.product);
  await checkCommittedApproval(host, context, request.env);
  const actor = await resolveActor(host.workspace.root, host.environment);
  return withEnvBackend(context, host, (backend) =>
    runEnvChange(backend, {
      scope: { product: context.product, productEnvs: context.config.environments, environments: context.settings.environments },
      request: { action: request.action, env: request.env, release: request.release, reason: request.reason },
      deployedBy: actor,
      approval: { approve: request.approve, approvedBy: request.approvedBy, envApprover: host.environment.TAGDEPLOY_APPROVER },
      confirm: host.confirm(actor),
      checkRelease: (plan) => checkRequiredSignature(plan, { ...context, workspaceRoot: host.workspace.root, environment: host.environment }),
    }),
  );
}

/** Runs `use` on the env backend of the product's kind, and closes it afterwards. */
export async function withEnvBackend<T>(context: ProductContext, host: Host, use: (backend: EnvBackend) => Promise<T>): Promise<T> {
  const ports = { store: context.store, reporter: context.reporter, clock: host.clock };
  const backend: EnvBackend =
    context.config.kind === 'container'
      ? await GitopsEnvBackend.open(context.settings.gitops, host.workspace.root, { ...ports, registryAccess: { env: host.environment }, runtime: loadContainerRuntime(host.workspace, context.product, context.config) })
      : new StoreEnvBackend({ ...ports, router: await envRouter(context, host) });
  try {
    return await use(backend);
  } finally {
    await backend.close();
  }
}

/** The router of each env: the env's configured one for a static product, the dist-tag of the env's name for an npm product. */
async function envRouter(context: ProductContext, host: Host): Promise<(env: string) => Router> {
  if (context.config.kind !== 'npm') return (env) => resolveRouter(context.settings.environments[env]?.router ?? { type: 'local' }, context.store);
  const { workspace } = host;
  const pkg = readNpmPackage(context.product, workspace.root, workspace.projects[context.product]?.root ?? '');
  const registry = new NpmRegistry({ url: await resolveNpmRegistry(pkg, context.config.registry, workspace.root), cwd: workspace.root });
  const router = new DistTagRouter(registry, pkg.name);
  return () => router;
}
