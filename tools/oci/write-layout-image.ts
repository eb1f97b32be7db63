// Writes a one-layer image from tar entries into an OCI image layout, under a tag: the base
// images that tests and the demo make here (nothing can be pulled), with fixed timestamps so the
// same entries give the same digest.
import { Readable } from 'node:stream';
import { ociArchitecture } from '../../packages/core/src/container/build-image-config';
import { buildImageLayer } from '../../packages/core/src/container/build-image-layer';
import { MEDIA_TYPES, sha256Digest, type ImageConfig } from '../../packages/core/src/container/oci-types';
import { openLayout } from '../../packages/core/src/container/open-layout';
import type { TarEntry } from '../../packages/core/src/container/tar-writer';

export interface BaseImageLayout {
  layoutDir: string;
  tag: string;
  digest: string;
  /** For buildah's FROM and our embedded builder's baseImage: "oci:<layoutDir>:<tag>". */
  reference: string;
}

export interface LayoutImage {
  entries: TarEntry[];
  /** The image's Env and Cmd. */
  runtime: { Env: string[]; Cmd: string[] };
  /** Recorded in the image's history. */
  createdBy: string;
}

export async function writeLayoutImage(layoutDir: string, tag: string, image: LayoutImage): Promise<BaseImageLayout> {
  const layer = buildImageLayer(image.entries);
  const created = '1970-01-01T00:00:00.000Z';
  const config: ImageConfig = {
    architecture: ociArchitecture(),
    os: 'linux',
    created,
    config: image.runtime,
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [{ created, created_by: image.createdBy }],
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
