// Argo CD Applications for a product (pure): one per env, each syncing the env's folder of the
// GitOps repo into its own namespace. Written into argocd/ so that a user can point Argo CD at
// the repo (kubectl apply -f argocd/, or an app-of-apps on that folder).
import { stringify } from 'yaml';
import type { GitopsLayout } from './gitops-config';
import { argocdApplicationPath, baseDir, envDir } from './gitops-layout';

export interface ArgocdTarget {
  /** The URL Argo CD clones the GitOps repo from. */
  repoURL: string;
  branch: string;
  layout: GitopsLayout;
  product: string;
  envs: readonly string[];
}

/** Path in the repo → file content. */
export function renderArgocdManifests(target: ArgocdTarget): Record<string, string> {
  return Object.fromEntries(target.envs.map((env) => [argocdApplicationPath(target.product, env), renderApplication(target, env)]));
}

function renderApplication({ repoURL, branch, layout, product }: ArgocdTarget, env: string): string {
  const source =
    layout === 'helm'
      ? { repoURL, targetRevision: branch, path: baseDir(product), helm: { valueFiles: [`../envs/${env}/values.yaml`] } }
      : { repoURL, targetRevision: branch, path: envDir(product, env) };
  const application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${product}-${env}`,
      namespace: 'argocd',
      labels: { 'tagdeploy.dev/product': product, 'tagdeploy.dev/env': env },
    },
    spec: {
      project: 'default',
      source,
      destination: { server: 'https://kubernetes.default.svc', namespace: `${product}-${env}` },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  };
  const header = `# ${product} in ${env}, synced by Argo CD from this repo. Written by tagdeploy; deployments change only ${envDir(product, env)}.\n`;
  return header + stringify(application, { lineWidth: 0 });
}
