// The image config of the embedded builder (pure): the base's config plus our layer, entrypoint,
// working dir, environment and labels. Like a Dockerfile's ENTRYPOINT, setting the entrypoint
// drops the base's Cmd.
import type { ImageConfig } from './oci-types';

export interface ImageConfigInput {
  base?: ImageConfig;
  diffId: string;
  entrypoint: string[];
  workingDir: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  createdAt: Date;
  /** The port the service listens on: PORT in its environment and an exposed port. */
  port?: number;
  /** The user the entrypoint runs as (the Dockerfile's USER); default the base's. */
  user?: string;
  /** Used when there is no base image (scratch). */
  platform: { architecture: string; os: string };
}

export function buildImageConfig(input: ImageConfigInput): ImageConfig {
  const created = input.createdAt.toISOString();
  const base = input.base;
  const env = mergeEnv(base?.config?.Env ?? [], { ...(input.port ? { PORT: String(input.port) } : {}), ...input.env });
  return {
    architecture: base?.architecture ?? input.platform.architecture,
    os: base?.os ?? input.platform.os,
    created,
    config: {
      ...(base?.config ?? {}),
      Env: env,
      Entrypoint: input.entrypoint,
      Cmd: null,
      WorkingDir: input.workingDir,
      ...(input.port ? { ExposedPorts: { ...(base?.config?.ExposedPorts ?? {}), [`${input.port}/tcp`]: {} } } : {}),
      ...(input.user ? { User: input.user } : {}),
      Labels: { ...(base?.config?.Labels ?? {}), ...input.labels },
    },
    rootfs: { type: 'layers', diff_ids: [...(base?.rootfs.diff_ids ?? []), input.diffId] },
    history: [...(base?.history ?? []), { created, created_by: 'tagdeploy embedded builder: COPY build output' }],
  };
}

function mergeEnv(base: readonly string[], extra: Record<string, string>): string[] {
  const names = new Set(Object.keys(extra));
  const kept = base.filter((line) => !names.has(line.slice(0, line.indexOf('='))));
  return [...kept, ...Object.entries(extra).map(([name, value]) => `${name}=${value}`)];
}

/** Node's process.arch as an OCI architecture. */
export function ociArchitecture(arch: string = process.arch): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[arch] ?? arch;
}
