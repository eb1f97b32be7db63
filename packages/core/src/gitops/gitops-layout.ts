// Where things live in the GitOps repo. One folder per product, one env file per env.
import type { GitopsLayout } from './gitops-config';

export const productDir = (product: string): string => `apps/${product}`;
export const baseDir = (product: string): string => `${productDir(product)}/base`;
export const envDir = (product: string, env: string): string => `${productDir(product)}/envs/${env}`;

/** The one file a deployment of `env` edits. */
export function envFilePath(layout: GitopsLayout, product: string, env: string): string {
  return `${envDir(product, env)}/${layout === 'helm' ? 'values.yaml' : 'kustomization.yaml'}`;
}

export const argocdApplicationPath = (product: string, env: string): string => `argocd/${product}-${env}.yaml`;
