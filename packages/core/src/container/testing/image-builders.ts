// Test builders: small images made of bytes we choose, pushed through the ImageStorage port.
import { Readable } from 'node:stream';
import type { ImageStorage } from '../image-ports';
import { MEDIA_TYPES, sha256Digest, type StoredManifest } from '../oci-types';

export interface TestImage {
  digest: string;
  manifest: StoredManifest;
  blobs: Array<{ digest: string; bytes: Buffer }>;
}

/** An image whose one layer and config are derived from `seed`: different seeds, different digests. */
export function anImage(seed: string): TestImage {
  const layer = Buffer.from(`layer of ${seed}`);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256Digest(layer)] } }));
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256Digest(layer), size: layer.length }],
    }),
  );
  return {
    digest: sha256Digest(bytes),
    manifest: { mediaType: MEDIA_TYPES.ociManifest, digest: sha256Digest(bytes), bytes },
    blobs: [
      { digest: sha256Digest(layer), bytes: layer },
      { digest: sha256Digest(config), bytes: config },
    ],
  };
}

/** Blobs, then the manifest by digest (untagged). */
export async function pushUntagged(storage: ImageStorage, repository: string, image: TestImage): Promise<void> {
  for (const blob of image.blobs) await storage.putBlob(repository, blob.digest, blob.bytes.length, () => Readable.from([blob.bytes]));
  await storage.putManifest(repository, image.manifest);
}

let counter = 0;
/** A repository name no other test uses. */
export const aRepository = (prefix = 'test'): string => `${prefix}/app-${process.pid}-${Date.now().toString(36)}-${counter++}`;
