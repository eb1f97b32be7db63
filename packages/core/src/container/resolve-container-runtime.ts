// One source of truth for how a container product runs (pure): its base image, port and health
// path come from tagdeploy.json or, where it is silent, from the product's Dockerfile. Where both
// speak they must agree: a Deployment on one port and a service on another fail in every pod.
import { containerError } from './container-error';
import { normalizeImageReference } from './normalize-image-reference';
import { parseDockerfile } from './parse-dockerfile';

export interface ContainerRuntime {
  /** Normalised reference, "scratch" on purpose, or undefined (none given anywhere). */
  baseImage?: string;
  port: number;
  healthPath: string;
  /** The Dockerfile's USER, which the embedded builder gives its image too. */
  user?: string;
}

export interface ContainerRuntimeInput {
  product: string;
  config: { builder: string; baseImage?: string; port?: number; healthPath?: string; buildArgs?: Record<string, string> };
  /** For messages: the product's tagdeploy.json, relative to the workspace. */
  configPath: string;
  /** The product's Dockerfile, when it has one. */
  dockerfile: { path: string; text: string } | null;
}

export const DEFAULT_HEALTH_PATH = '/health';

export function resolveContainerRuntime({ product, config, configPath, dockerfile }: ContainerRuntimeInput): ContainerRuntime {
  const parsed = dockerfile ? parseDockerfile(dockerfile.text, config.buildArgs) : null;
  const problems: string[] = [];
  const exposed = parsed?.expose ?? [];
  if (config.port !== undefined && exposed.length && !exposed.includes(config.port)) {
    problems.push(`"port": ${config.port} in ${configPath}, but ${dockerfile?.path} says EXPOSE ${exposed.join(' ')}`);
  }
  const base = config.baseImage ? normalizeImageReference(config.baseImage) : undefined;
  const from = parsed?.from ? normalizeImageReference(parsed.from) : undefined;
  if (base && from && base !== from) problems.push(`"baseImage": "${config.baseImage}" in ${configPath}, but ${dockerfile?.path} says FROM ${parsed?.from}`);
  if (problems.length) {
    throw containerError('IMAGE_RUNTIME_MISMATCH', `${product} says two different things about how it runs: ${problems.join('; ')}. Make them the same (tagdeploy.json and the Dockerfile describe one image); nothing was built or pushed.`);
  }
  const port = config.port ?? exposed[0];
  if (port === undefined) {
    throw containerError('INVALID_CONFIG', `${product} does not say which port it listens on: set "port" in ${configPath}${dockerfile ? ` or EXPOSE it in ${dockerfile.path}` : ''}. The Deployment, its probes and the Service use it.`);
  }
  const baseImage = base ?? from;
  if (config.builder === 'embedded' && !baseImage) {
    throw containerError(
      'IMAGE_BASE_MISSING',
      `${product} has no base image, so its image would hold nothing but the build output (no runtime for its entrypoint). Set "baseImage" in ${configPath} (e.g. "docker.io/library/node:20-slim"), or "baseImage": "scratch" if the build output runs on its own; nothing was built or pushed.`,
    );
  }
  return { baseImage, port, healthPath: config.healthPath ?? DEFAULT_HEALTH_PATH, ...(parsed?.user ? { user: parsed.user } : {}) };
}
