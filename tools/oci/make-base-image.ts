// Builds a tiny base image for tests, since nothing can be pulled here: Debian's busybox-static
// as /bin/busybox with /bin/sh (and a few applets) linked to it, written as an OCI image layout
// with our own layer writer. buildah takes it as FROM oci:<layoutDir>:<tag>.
import { readFile } from 'node:fs/promises';
import type { TarEntry } from '../../packages/core/src/container/tar-writer';
import { writeLayoutImage, type BaseImageLayout } from './write-layout-image';

export type { BaseImageLayout };

const BUSYBOX = '/bin/busybox';
const APPLETS = ['sh', 'cat', 'ls', 'echo', 'mkdir', 'cp', 'env', 'true'];

export async function makeBaseImage(layoutDir: string, tag = 'latest'): Promise<BaseImageLayout> {
  const busybox = await readFile(BUSYBOX).catch(() => {
    throw new Error(`${BUSYBOX} is missing: apt-get install busybox-static (the image tests build their base image from it)`);
  });
  const entries: TarEntry[] = [
    { path: 'bin', type: 'dir', mode: 0o755 },
    { path: 'bin/busybox', type: 'file', mode: 0o755, body: busybox },
    ...APPLETS.map((name): TarEntry => ({ path: `bin/${name}`, type: 'symlink', mode: 0o777, linkname: 'busybox' })),
    { path: 'tmp', type: 'dir', mode: 0o1777 },
  ];
  return writeLayoutImage(layoutDir, tag, { entries, runtime: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] }, createdBy: 'tools/oci/make-base-image.ts' });
}
