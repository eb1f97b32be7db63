// Reads an image back from a layout (tests): manifest, config and each layer's tar entries.
import { buffer } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import type { ImageStorage } from '../image-ports';
import type { ImageConfig, ImageManifest } from '../oci-types';
import { readTar, type ReadTarEntry } from './read-tar';

export interface ReadBackImage {
  manifest: ImageManifest;
  config: ImageConfig;
  layers: ReadTarEntry[][];
}

export async function readImageBack(storage: ImageStorage, repository: string, reference: string): Promise<ReadBackImage> {
  const stored = await storage.readManifest(repository, reference);
  if (!stored) throw new Error(`no image ${repository}:${reference} in ${storage.location}`);
  const manifest = JSON.parse(stored.bytes.toString('utf8')) as ImageManifest;
  const blob = async (digest: string) => buffer((await storage.openBlob(repository, digest))!);
  const config = JSON.parse((await blob(manifest.config.digest)).toString('utf8')) as ImageConfig;
  const layers: ReadTarEntry[][] = [];
  for (const layer of manifest.layers) {
    const bytes = await blob(layer.digest);
    layers.push(readTar(layer.mediaType.endsWith('gzip') ? gunzipSync(bytes) : bytes));
  }
  return { manifest, config, layers };
}
