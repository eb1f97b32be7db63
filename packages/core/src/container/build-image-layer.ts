// One gzip'd tar layer from tar entries. The tar digest is the config's diff_id; the gzip digest
// is the blob's. gzip's header carries no time or name here, so equal entries give equal bytes
// (with the same zlib: a Node upgrade may change the compressed bytes, never the diff_id).
import { gzipSync } from 'node:zlib';
import { MEDIA_TYPES, sha256Digest, type Descriptor } from './oci-types';
import { writeTar, type TarEntry } from './tar-writer';

export interface ImageLayer {
  descriptor: Descriptor;
  diffId: string;
  blob: Buffer;
}

export function buildImageLayer(entries: readonly TarEntry[]): ImageLayer {
  const tar = writeTar(entries, 0);
  const blob = gzipSync(tar, { level: 9 });
  return {
    descriptor: { mediaType: MEDIA_TYPES.ociLayerGzip, digest: sha256Digest(blob), size: blob.length },
    diffId: sha256Digest(tar),
    blob,
  };
}
