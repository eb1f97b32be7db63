// The files a product starts with in the GitOps repo (pure): a base (Deployment + Service for
// kustomize, a small chart for helm), one env file per env that tagdeploy edits, and the Argo CD
// Applications. Env files start without an image: the first deployment adds it.
import type { GitopsLayout } from './gitops-config';
import { baseDir, envFilePath } from './gitops-layout';
import { renderArgocdManifests } from './render-argocd-manifests';

export interface GitopsSkeletonRequest {
  layout: GitopsLayout;
  product: string;
  envs: readonly string[];
  repoURL: string;
  branch: string;
  /** The port the container listens on (the product's runtime: tagdeploy.json or its Dockerfile). */
  port: number;
  /** The path the readiness and liveness probes ask. */
  healthPath: string;
}

export function renderGitopsSkeleton(request: GitopsSkeletonRequest): Record<string, string> {
  const { layout, product, envs } = request;
  const base = layout === 'helm' ? helmBase(product, request.port, request.healthPath) : kustomizeBase(product, request.port, request.healthPath);
  const envFiles = envs.map((env) => [envFilePath(layout, product, env), layout === 'helm' ? helmEnv(product, env) : kustomizeEnv(product, env)]);
  return {
    ...prefixed(baseDir(product), base),
    ...Object.fromEntries(envFiles),
    ...renderArgocdManifests(request),
  };
}

const prefixed = (dir: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([path, text]) => [`${dir}/${path}`, text]));

/** Both probes ask the health path on the container port: ready means serving, alive means not stuck. */
const probes = (indent: string, healthPath: string, port: number | string): string =>
  ['readinessProbe', 'livenessProbe']
    .map((probe) => `${indent}${probe}:\n${indent}  httpGet:\n${indent}    path: ${healthPath}\n${indent}    port: ${port}\n${indent}  periodSeconds: ${probe === 'readinessProbe' ? 5 : 10}\n`)
    .join('');

function kustomizeBase(product: string, port: number, healthPath: string): Record<string, string> {
  return {
    'kustomization.yaml': `# The base of ${product}; each env overlay sets the image (apps/${product}/envs/<env>).
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
- service.yaml
`,
    'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${product}
  labels:
    app.kubernetes.io/name: ${product}
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${product}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${product}
    spec:
      containers:
      - name: ${product}
        # Replaced per env by the overlay's images entry (name: ${product}).
        image: ${product}
        ports:
        - name: http
          containerPort: ${port}
${probes('        ', healthPath, port)}`,
    'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: ${product}
spec:
  selector:
    app.kubernetes.io/name: ${product}
  ports:
  - port: 80
    targetPort: ${port}
`,
  };
}

const kustomizeEnv = (product: string, env: string): string => `# ${product} in ${env}. tagdeploy sets the image entry on each deploy, promote and rollback.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
`;

function helmBase(product: string, port: number, healthPath: string): Record<string, string> {
  const ref = '{{ .Values.image.repository }}{{ with .Values.image.tag }}:{{ . }}{{ end }}{{ with .Values.image.digest }}@{{ . }}{{ end }}';
  return {
    'Chart.yaml': `apiVersion: v2\nname: ${product}\nversion: 0.1.0\ndescription: ${product}, deployed by tagdeploy\n`,
    'values.yaml': `# Defaults of ${product}; apps/${product}/envs/<env>/values.yaml sets image.repository, tag and digest.\nreplicaCount: 1\nport: ${port}\nhealthPath: ${healthPath}\nimage:\n  repository: ${product}\n  tag: ""\n  digest: ""\n`,
    'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${product}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${product}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${product}
    spec:
      containers:
      - name: ${product}
        image: "${ref}"
        ports:
        - name: http
          containerPort: {{ .Values.port }}
${probes('        ', '{{ .Values.healthPath }}', '{{ .Values.port }}')}`,
    'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: ${product}
spec:
  selector:
    app.kubernetes.io/name: ${product}
  ports:
  - port: 80
    targetPort: {{ .Values.port }}
`,
  };
}

const helmEnv = (product: string, env: string): string => `# ${product} in ${env}. tagdeploy sets image.repository, image.tag and image.digest on each deploy, promote and rollback.\n`;
