// Where a sealed image lives, from the pullable name its release.json records: "oci:<folder>/<image>"
// is an image layout folder (relative to the workspace), "host[:port]/<repository>" a registry.
// Argo CD pulls from exactly there, so that is where deploy, promote and rollback look for the digest.
import { dirname, basename } from 'node:path';
import type { ImageStorage } from '../container/image-ports';
import { parseRegistryLocation } from '../container/parse-registry-location';
import { resolveImageRegistry, type RegistryAccessOptions } from '../container/resolve-image-registry';

export interface LocatedImage {
  registry: ImageStorage;
  /** The repository inside that registry. */
  repository: string;
}

/** Finds the registry of a pullable image name (the port GitopsEnvBackend checks digests through). */
export type ImageLocator = (pullName: string) => LocatedImage;

export function locateReleaseImage(pullName: string, workspaceRoot: string, access: RegistryAccessOptions = {}): LocatedImage {
  if (pullName.startsWith('oci:')) {
    const folder = pullName.slice('oci:'.length);
    return { registry: resolveImageRegistry(parseRegistryLocation(`oci:${dirname(folder)}`, workspaceRoot), access), repository: basename(folder) };
  }
  const slash = pullName.indexOf('/');
  const host = slash < 0 ? pullName : pullName.slice(0, slash);
  return { registry: resolveImageRegistry(parseRegistryLocation(host, workspaceRoot), access), repository: slash < 0 ? '' : pullName.slice(slash + 1) };
}
