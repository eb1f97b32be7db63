// The manifests a product starts with name its runtime once: the kustomize base renders (real
// kubectl kustomize) and the Helm chart's templates, rendered from its values by hand (helm is
// not installable here: no Debian or npm package), give the same Deployment and Service.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { renderGitopsSkeleton } from './render-gitops-skeleton';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const digest = `sha256:${'a'.repeat(64)}`;
const request = (layout: 'kustomize' | 'helm') => ({ layout, product: 'api', envs: ['staging'], repoURL: 'https://git.example/gitops.git', branch: 'main', port: 3000, healthPath: '/ready' });

function expectRuntime(docs: any[]) {
  const deployment = docs.find((doc) => doc.kind === 'Deployment');
  const service = docs.find((doc) => doc.kind === 'Service');
  const container = deployment.spec.template.spec.containers[0];
  expect(container.image).toBe(`registry.example/team/api:1.2.3@${digest}`);
  expect(container.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
  expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 3000 });
  expect(container.livenessProbe.httpGet).toEqual({ path: '/ready', port: 3000 });
  expect(service.spec.ports).toEqual([{ port: 80, targetPort: 3000 }]);
}

describe('renderGitopsSkeleton', () => {
  it('kustomize: the overlay renders a Deployment on the product port with both probes, and a Service to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-skeleton-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(renderGitopsSkeleton(request('kustomize')))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const overlay = join(dir, 'apps/api/envs/staging/kustomization.yaml');
    writeFileSync(overlay, `resources:\n- ../../base\nimages:\n- name: api\n  newName: registry.example/team/api\n  newTag: 1.2.3\n  digest: ${digest}\n`);
    const rendered = execFileSync('/usr/bin/kubectl', ['kustomize', 'apps/api/envs/staging'], { cwd: dir, encoding: 'utf8' });
    expectRuntime(parseAllDocuments(rendered).map((doc) => doc.toJS()));
  });

  it('helm: the templates, rendered from values.yaml and the env values, give the same Deployment and Service', () => {
    const files = renderGitopsSkeleton(request('helm'));
    const values = { ...parse(files['apps/api/base/values.yaml']), image: { repository: 'registry.example/team/api', tag: '1.2.3', digest } };
    const docs = ['templates/deployment.yaml', 'templates/service.yaml'].map((name) => parse(renderHelmTemplate(files[`apps/api/base/${name}`], values)));
    expectRuntime(docs);
  });
});

/** The two template forms the chart uses: {{ .Values.a.b }} and {{ with .Values.a.b }}…{{ . }}…{{ end }}. */
function renderHelmTemplate(template: string, values: Record<string, any>): string {
  const lookup = (path: string) => path.split('.').filter(Boolean).reduce((value: any, key) => value?.[key], values);
  const withBlocks = template.replace(/\{\{ with \.Values\.([\w.]+) \}\}(.*?)\{\{ end \}\}/g, (_, path: string, body: string) => {
    const value = lookup(path);
    return value ? body.replace(/\{\{ \. \}\}/g, String(value)) : '';
  });
  const rendered = withBlocks.replace(/\{\{ \.Values\.([\w.]+) \}\}/g, (_, path: string) => String(lookup(path)));
  if (rendered.includes('{{')) throw new Error(`a template form this test does not render:\n${rendered}`);
  return rendered;
}
