// Reads an image's layers and checks that its entrypoint program is inside it (before a push).
import { buildImageFileTree } from './image-file-tree';
import { checkImageEntrypoint, type EntrypointContext } from './check-image-entrypoint';
import type { ImageStorage } from './image-ports';
import type { ImageConfig, ImageManifest } from './oci-types';
import { readImageLayers } from './read-image-layers';

export async function verifyImageEntrypoint(storage: ImageStorage, repository: string, image: { manifest: ImageManifest; config: ImageConfig }, context: EntrypointContext): Promise<void> {
  const layers = await readImageLayers(storage, repository, image.manifest, context.image);
  checkImageEntrypoint(buildImageFileTree(layers), image.config, context);
}
