// Builds a tiny base image for tests, since nothing can be pulled here: Debian's busybox-static
// as /bin/busybox with /bin/sh (and a few applets) linked to it, written as an OCI image layout
// with our own layer writer. buildah takes it as FROM oci:<layoutDir>:<tag>.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { buildImageLayer } from '../../packages/core/src/container/build-image-layer';
import { ociArchitecture } from '../../packages/core/src/container/build-image-config';
import { MEDIA_TYPES, sha256Digest, type ImageConfig } from '../../packages/core/src/container/oci-types';
import { openLayout } from '../../packages/core/src/container/open-layout';
import type { TarEntry } from '../../packages/core/src/container/tar-writer';

const BUSYBOX = '/bin/busybox';
const APPLETS = ['sh', 'cat', 'ls', 'echo', 'mkdir', 'cp', 'env', 'true'];

export interface BaseImageLayout {
  layoutDir: string;
  tag: string;
  digest: string;
  /** For buildah's FROM and our embedded builder's baseImage: "oci:<layoutDir>:<tag>". */
  reference: string;
}

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
  const layer = buildImageLayer(entries);
  const config: ImageConfig = {
    architecture: ociArchitecture(),
    os: 'linux',
    created: '1970-01-01T00:00:00.000Z',
    config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [{ created: '1970-01-01T00:00:00.000Z', created_by: 'tools/oci/make-base-image.ts' }],
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(configBytes), size: configBytes.length },
      layers: [layer.descriptor],
    }),
  );
  const { storage, repository } = openLayout(layoutDir);
  await storage.putBlob(repository, layer.descriptor.digest, layer.blob.length, () => Readable.from([layer.blob]));
  await storage.putBlob(repository, sha256Digest(configBytes), configBytes.length, () => Readable.from([configBytes]));
  const digest = await storage.putManifest(repository, { mediaType: MEDIA_TYPES.ociManifest, digest: sha256Digest(manifestBytes), bytes: manifestBytes });
  await storage.putTag(repository, digest, tag);
  return { layoutDir, tag, digest, reference: `oci:${layoutDir}:${tag}` };
}
