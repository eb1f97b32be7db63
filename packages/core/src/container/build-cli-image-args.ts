// The command lines of the CLI builders (pure). Each builds once and leaves the image in an OCI
// layout folder, from where copy-image.ts pushes it like any other builder's image.
import type { ImageBuildRequest } from './image-ports';

export type CliBuilderKind = 'docker' | 'podman' | 'buildah';

export interface CliStorageOptions {
  /** buildah/podman --root, --runroot and --storage-driver (tests use a temp root and vfs). */
  root?: string;
  runroot?: string;
  storageDriver?: string;
  /** buildah --isolation (default chroot: works without a daemon or user namespaces). */
  isolation?: string;
}

export interface CliCommand {
  args: string[];
  env?: Record<string, string>;
}

export interface CliBuildSteps {
  build: CliCommand;
  /** Absent when the build already wrote the layout (docker buildx). */
  export?: CliCommand;
  cleanup?: CliCommand;
}

export function buildCliImageArgs(kind: CliBuilderKind, request: ImageBuildRequest, localTag: string, storage: CliStorageOptions = {}): CliBuildSteps {
  const dockerfile = request.dockerfile ?? `${request.contextDir}/Dockerfile`;
  const epoch = String(Math.floor(request.createdAt.getTime() / 1000));
  const common = [
    ...Object.entries(request.buildArgs).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
    ...Object.entries(request.labels).flatMap(([name, value]) => ['--label', `${name}=${value}`]),
    '-f',
    dockerfile,
  ];
  if (kind === 'docker') {
    return {
      build: {
        args: ['buildx', 'build', '--provenance=false', '--output', `type=oci,dest=${request.layoutDir},tar=false,name=${localTag}`, ...common, request.contextDir],
        env: { SOURCE_DATE_EPOCH: epoch },
      },
    };
  }
  const global = [
    ...(storage.root ? ['--root', storage.root] : []),
    ...(storage.runroot ? ['--runroot', storage.runroot] : []),
    ...(storage.storageDriver ? ['--storage-driver', storage.storageDriver] : []),
  ];
  const build = kind === 'buildah' ? ['bud', '--isolation', storage.isolation ?? 'chroot'] : ['build'];
  return {
    build: { args: [...global, ...build, '--timestamp', epoch, ...common, '-t', localTag, request.contextDir] },
    export: { args: [...global, 'push', localTag, `oci:${request.layoutDir}:${request.tag}`] },
    cleanup: { args: [...global, 'rmi', '--force', localTag] },
  };
}
