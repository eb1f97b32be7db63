// The layers of an image in a registry or layout, read and unpacked in memory, oldest first.
import { buffer } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import { containerError } from './container-error';
import type { ImageStorage } from './image-ports';
import type { ImageManifest } from './oci-types';
import { readTar, type ReadTarEntry } from './tar-reader';

export async function readImageLayers(storage: ImageStorage, repository: string, manifest: ImageManifest, where: string): Promise<ReadTarEntry[][]> {
  const layers: ReadTarEntry[][] = [];
  for (const layer of manifest.layers) {
    const stream = await storage.openBlob(repository, layer.digest);
    if (!stream) throw containerError('IMAGE_INVALID', `${where} lacks its layer ${layer.digest} in ${storage.location}. Push the image again.`);
    const bytes = await buffer(stream);
    // gzip by its magic bytes: Docker and OCI name the same layer types differently.
    layers.push(readTar(bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes));
  }
  return layers;
}

/** What a layer entry means for the ones below it: an opaque folder, a removed path, or nothing. */
export function whiteoutOf(path: string): { opaque: string } | { removed: string } | null {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const name = path.slice(slash + 1);
  if (name === '.wh..wh..opq') return { opaque: dir };
  if (name.startsWith('.wh.')) return { removed: dir ? `${dir}/${name.slice(4)}` : name.slice(4) };
  return null;
}
