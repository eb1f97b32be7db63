// Copies one image (a manifest, or an index and its manifests) between two ImageStorages: blobs
// first, skipping those the target already has, then manifests by digest (untagged, children
// before their index). Tagging is the caller's separate, create-only step.
import { containerError } from './container-error';
import type { ImageStorage } from './image-ports';
import { isIndexMediaType, mediaTypeOf, type Descriptor, type ImageIndex, type ImageManifest, type StoredManifest } from './oci-types';

export interface ImageLocation {
  storage: ImageStorage;
  repository: string;
}

/** Everything an image consists of, in upload order. */
export interface ImageContents {
  blobs: Descriptor[];
  manifests: StoredManifest[];
}

export interface CopyImageResult {
  digest: string;
  blobsPushed: number;
  bytesPushed: number;
}

export async function readImageContents(from: ImageLocation, digest: string): Promise<ImageContents> {
  const contents: ImageContents = { blobs: [], manifests: [] };
  await collect(from, digest, contents);
  return contents;
}

export async function copyImage(from: ImageLocation, to: ImageLocation, digest: string, progress?: { advance(bytes: number): void }): Promise<CopyImageResult> {
  const contents = await readImageContents(from, digest);
  const result: CopyImageResult = { digest, blobsPushed: 0, bytesPushed: 0 };
  for (const blob of contents.blobs) {
    if (await to.storage.hasBlob(to.repository, blob.digest)) {
      progress?.advance(blob.size);
      continue;
    }
    const body = await from.storage.openBlob(from.repository, blob.digest);
    if (!body) throw containerError('IMAGE_INVALID', `The image in ${from.storage.location}/${from.repository} lacks blob ${blob.digest}.`);
    let opened = false;
    await to.storage.putBlob(to.repository, blob.digest, blob.size, () => {
      if (opened) throw containerError('REGISTRY_ERROR', `Blob ${blob.digest} had to be sent twice; retry the release.`);
      opened = true;
      return body.on('data', (chunk: Buffer) => progress?.advance(chunk.length));
    });
    if (!opened) body.destroy();
    else {
      result.blobsPushed += 1;
      result.bytesPushed += blob.size;
    }
  }
  for (const manifest of contents.manifests) await to.storage.putManifest(to.repository, manifest);
  return result;
}

async function collect(from: ImageLocation, digest: string, contents: ImageContents): Promise<void> {
  const manifest = await from.storage.readManifest(from.repository, digest);
  if (!manifest) throw containerError('IMAGE_INVALID', `The image ${from.storage.location}/${from.repository}@${digest} has no manifest.`);
  const mediaType = manifest.mediaType || mediaTypeOf(manifest.bytes);
  const parsed = JSON.parse(manifest.bytes.toString('utf8')) as ImageManifest & ImageIndex;
  if (isIndexMediaType(mediaType)) {
    for (const child of parsed.manifests) await collect(from, child.digest, contents);
  } else {
    for (const blob of [parsed.config, ...parsed.layers]) {
      if (!contents.blobs.some((known) => known.digest === blob.digest)) contents.blobs.push(blob);
    }
  }
  contents.manifests.push({ ...manifest, mediaType });
}
