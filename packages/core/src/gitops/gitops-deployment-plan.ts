// A deployment of a container product: the env module's plan, plus the env file it edits and the
// exact image (tag and digest) the env will run.
import type { DeploymentPlan } from '../env/deployment-plan';
import type { DeploymentScope } from '../env/read-deployment-facts';
import type { GitopsLayout } from './gitops-config';

export interface GitopsDeploymentScope extends DeploymentScope {
  layout: GitopsLayout;
}

export interface PlannedImage {
  /** The pullable name release.json records. */
  repository: string;
  /** The version. */
  tag: string;
  digest: string;
}

export interface GitopsDeploymentPlan extends DeploymentPlan {
  layout: GitopsLayout;
  /** The env file, the only file the deployment changes. */
  path: string;
  /** Always the image the release sealed (release.json), never one copied from an env file. */
  image: PlannedImage;
  /** The GitOps commit the plan was read from. */
  baseCommit: string | null;
}
