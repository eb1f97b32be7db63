import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderArgocdManifests } from './render-argocd-manifests';

describe('renderArgocdManifests', () => {
  it('writes one Application per env, syncing the env overlay from the repo', () => {
    const files = renderArgocdManifests({ repoURL: 'https://git.example/gitops.git', branch: 'main', layout: 'kustomize', product: 'payments-api', envs: ['staging', 'production'] });
    expect(Object.keys(files)).toEqual(['argocd/payments-api-staging.yaml', 'argocd/payments-api-production.yaml']);
    const app = parse(files['argocd/payments-api-production.yaml']);
    expect(app).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'payments-api-production', namespace: 'argocd' },
      spec: {
        source: { repoURL: 'https://git.example/gitops.git', targetRevision: 'main', path: 'apps/payments-api/envs/production' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'payments-api-production' },
      },
    });
  });

  it('points a helm Application at the chart with the env values file', () => {
    const files = renderArgocdManifests({ repoURL: 'git@git.example:ops/gitops.git', branch: 'deploy', layout: 'helm', product: 'payments-api', envs: ['staging'] });
    expect(parse(files['argocd/payments-api-staging.yaml']).spec.source).toEqual({
      repoURL: 'git@git.example:ops/gitops.git',
      targetRevision: 'deploy',
      path: 'apps/payments-api/base',
      helm: { valueFiles: ['../envs/staging/values.yaml'] },
    });
  });
});
