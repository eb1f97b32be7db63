// The EnvBackend of container products: env files in the GitOps repo that Argo CD syncs. A change
// is one commit to the env file (applyGitopsDeployment); Argo CD does the rest, so there is no
// router to activate. On first use the product's missing files can be added (scaffold). The image
// is the one release.json sealed, and it must still be in the registry Argo CD pulls it from.
import type { CommandResult } from '../commands/host';
import { command } from '../commands/spelling';
import type { RegistryAccessOptions } from '../container/resolve-image-registry';
import { isTagdeployError, TagdeployError } from '../errors/tagdeploy-error';
import type { DeploymentIdentity } from '../env/apply-deployment';
import type { DeploymentRequest } from '../env/deployment-plan';
import { unchangedOutcome, type EnvApplied, type EnvBackend, type EnvStatusRequest } from '../env/env-backend';
import type { DeploymentScope } from '../env/read-deployment-facts';
import type { EnvChange } from '../env/run-env-change';
import type { Clock, Reporter } from '../release/ports';
import type { ObjectStore } from '../store/object-store';
import { applyGitopsDeployment, type GitopsDeploymentOutcome } from './apply-gitops-deployment';
import type { GitopsConfig, GitopsLayout } from './gitops-config';
import type { GitopsDeploymentPlan } from './gitops-deployment-plan';
import type { GitOpsRepo } from './gitops-repo';
import { locateReleaseImage, type ImageLocator } from './locate-release-image';
import { openGitopsRepo, scaffoldsMissingFiles } from './open-gitops-repo';
import { planGitopsDeployment } from './plan-gitops-deployment';
import { readGitopsStatus, type GitopsReleaseStatus } from './read-gitops-status';
import { formatImageRef } from './read-env-image';
import { renderGitopsStatus } from './render-gitops-status';
import { writeGitopsSkeleton } from './write-gitops-skeleton';

/** The --json result of a container deploy, promote or rollback; activation is always null (Argo CD syncs the commit). */
export type GitopsDeploymentResult = EnvChange<GitopsDeploymentPlan, GitopsDeploymentOutcome>;

export interface GitopsEnvBackendPorts {
  /** Where the releases live (release.json with the image). */
  store: ObjectStore;
  repo: GitOpsRepo;
  layout: GitopsLayout;
  /** The registry of a sealed image, by its pullable name (release.json's image.repository). */
  images: ImageLocator;
  /** Add the product's missing files first (the default local repo); the URL Argo CD clones from. */
  scaffold?: { repoURL: string; port: number; healthPath: string };
  reporter: Reporter;
  clock: Clock;
}

export class GitopsEnvBackend implements EnvBackend<GitopsDeploymentPlan, GitopsDeploymentOutcome, GitopsReleaseStatus> {
  /** The backend over the configured repo (a file: repo is created on first use); close() removes its clone. */
  static async open(
    config: GitopsConfig,
    workspaceRoot: string,
    ports: Pick<GitopsEnvBackendPorts, 'store' | 'reporter' | 'clock'> & { registryAccess?: RegistryAccessOptions; runtime: { port: number; healthPath: string } },
  ): Promise<GitopsEnvBackend> {
    const repo = await openGitopsRepo(config, workspaceRoot);
    const scaffold = scaffoldsMissingFiles(config, workspaceRoot) ? { repoURL: config.argocdRepoURL ?? config.repo, port: ports.runtime.port, healthPath: ports.runtime.healthPath } : undefined;
    const images: ImageLocator = (pullName) => locateReleaseImage(pullName, workspaceRoot, ports.registryAccess);
    return new GitopsEnvBackend({ store: ports.store, reporter: ports.reporter, clock: ports.clock, repo, layout: config.layout, scaffold, images });
  }

  constructor(private readonly ports: GitopsEnvBackendPorts) {}

  get releases(): ObjectStore {
    return this.ports.store;
  }

  /** The plan on the repo's head; with scaffold, a missing env file is added (with the rest of the product) and the plan made again. */
  async plan(scope: DeploymentScope, request: DeploymentRequest): Promise<GitopsDeploymentPlan> {
    const { store, repo, layout, scaffold } = this.ports;
    const tree = await repo.fetch();
    const fullScope = { ...scope, layout };
    try {
      return await planGitopsDeployment(store, tree, fullScope, request);
    } catch (error) {
      if (!scaffold || !isTagdeployError(error) || error.code !== 'GITOPS_ENV_MISSING') throw error;
      const envs = scope.productEnvs ?? Object.keys(scope.environments);
      const next = await writeGitopsSkeleton(repo, tree, { layout, product: scope.product, envs, ...scaffold });
      return planGitopsDeployment(store, next, fullScope, request);
    }
  }

  /** The plan holds the image release.json sealed; the registry it is pulled from must still have that digest. */
  async check(plan: GitopsDeploymentPlan): Promise<void> {
    const { registry, repository } = this.ports.images(plan.image.repository);
    if (await registry.readManifest(repository, plan.image.digest)) return;
    throw new TagdeployError(
      'IMAGE_NOT_IN_REGISTRY',
      `${plan.product} ${plan.to} cannot go to ${plan.env}: its release.json names ${plan.image.repository}@${plan.image.digest}, but ${registry.location} has no such manifest in ${repository} (deleted, or the registry was reset). Push that image back by its digest, or deploy another release with "${command('deploy', plan.product, { env: plan.env, release: '<version>' })}". Nothing changed.`,
    );
  }

  async apply(plan: GitopsDeploymentPlan, identity: DeploymentIdentity): Promise<EnvApplied<GitopsDeploymentOutcome>> {
    const { repo, clock } = this.ports;
    const outcome = await applyGitopsDeployment(plan, { repo, clock }, identity);
    const retried = outcome.attempts > 1 ? ` (after ${outcome.attempts - 1} rejected push${outcome.attempts > 2 ? 'es' : ''})` : '';
    return { outcome, activation: null, detail: `image ${outcome.image}, commit ${outcome.commit?.slice(0, 7)}${retried}` };
  }

  unchanged(plan: GitopsDeploymentPlan): GitopsDeploymentOutcome {
    return { ...unchangedOutcome, commit: null, attempts: 0, image: formatImageRef(plan.image, plan.product) };
  }

  async readStatus(request: EnvStatusRequest): Promise<CommandResult<GitopsReleaseStatus>> {
    const status = await readGitopsStatus(this.ports.store, this.ports.repo, { ...request, layout: this.ports.layout });
    return { result: status, text: renderGitopsStatus(status) };
  }

  close(): Promise<void> {
    return this.ports.repo.close();
  }
}
