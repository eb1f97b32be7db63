// The registry adapter for a "registry" option string.
import { DistributionRegistry } from './distribution-registry';
import type { ImageStorage } from './image-ports';
import { OciLayoutRegistry } from './oci-layout-registry';
import type { RegistryLocation } from './parse-registry-location';

export interface RegistryAccessOptions {
  env?: NodeJS.ProcessEnv;
  /** Plain http for a registry that is not on loopback. */
  insecure?: boolean;
}

export function resolveImageRegistry(location: RegistryLocation, options: RegistryAccessOptions = {}): ImageStorage {
  return location.kind === 'layout'
    ? new OciLayoutRegistry(location.root, location.display)
    : new DistributionRegistry({ host: location.host, insecure: options.insecure, env: options.env });
}
