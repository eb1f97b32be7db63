import { describe, expect, it } from 'vitest';
import { buildCliImageArgs } from './build-cli-image-args';
import type { ImageBuildRequest } from './image-ports';

const request: ImageBuildRequest = {
  contextDir: '/ws/dist/api',
  buildArgs: { VERSION: '1.2.3' },
  labels: { 'org.opencontainers.image.version': '1.2.3' },
  createdAt: new Date('2024-05-01T10:00:00Z'),
  layoutDir: '/tmp/x/image',
  tag: '1.2.3',
};

describe('buildCliImageArgs', () => {
  it('buildah: bud with chroot isolation, the timestamp, args and labels, then a push to the OCI layout', () => {
    const steps = buildCliImageArgs('buildah', request, 'localhost/b:1', { root: '/r', runroot: '/rr', storageDriver: 'vfs' });
    const global = ['--root', '/r', '--runroot', '/rr', '--storage-driver', 'vfs'];
    expect(steps.build.args).toEqual([
      ...global, 'bud', '--isolation', 'chroot', '--timestamp', '1714557600',
      '--build-arg', 'VERSION=1.2.3', '--label', 'org.opencontainers.image.version=1.2.3',
      '-f', '/ws/dist/api/Dockerfile', '-t', 'localhost/b:1', '/ws/dist/api',
    ]);
    expect(steps.export?.args).toEqual([...global, 'push', 'localhost/b:1', 'oci:/tmp/x/image:1.2.3']);
    expect(steps.cleanup?.args).toEqual([...global, 'rmi', '--force', 'localhost/b:1']);
  });

  it('podman: build with the timestamp, then a push to the OCI layout', () => {
    const steps = buildCliImageArgs('podman', { ...request, dockerfile: '/ws/api/Dockerfile' }, 'localhost/b:1');
    expect(steps.build.args.slice(0, 3)).toEqual(['build', '--timestamp', '1714557600']);
    expect(steps.build.args).toContain('/ws/api/Dockerfile');
    expect(steps.export?.args).toEqual(['push', 'localhost/b:1', 'oci:/tmp/x/image:1.2.3']);
  });

  it('docker: buildx writes the OCI layout itself, with SOURCE_DATE_EPOCH and no provenance index', () => {
    const steps = buildCliImageArgs('docker', request, 'localhost/b:1');
    expect(steps.build.args.slice(0, 5)).toEqual(['buildx', 'build', '--provenance=false', '--output', 'type=oci,dest=/tmp/x/image,tar=false,name=localhost/b:1']);
    expect(steps.build.env).toEqual({ SOURCE_DATE_EPOCH: '1714557600' });
    expect(steps.export).toBeUndefined();
  });
});
