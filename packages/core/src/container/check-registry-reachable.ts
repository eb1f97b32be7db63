// Called before the git tag is claimed: a release must not claim a version it cannot push.
import { parseRegistryLocation } from './parse-registry-location';
import { resolveImageRegistry, type RegistryAccessOptions } from './resolve-image-registry';

export async function checkRegistryReachable(registry: string, workspaceRoot: string, access: RegistryAccessOptions = {}): Promise<void> {
  await resolveImageRegistry(parseRegistryLocation(registry, workspaceRoot), access).checkReachable();
}
