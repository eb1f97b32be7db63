// How a container product is built and where its image goes, from its tagdeploy.json, its
// Dockerfile and the workspace's registry: what a release builds with, and a rebuild too.
import type { ProductConfig } from '../config/config-schema';
import type { ArtifactSettings } from '../release/create-publisher';
import type { Workspace } from '../workspace/workspace';
import { loadContainerRuntime } from './load-container-runtime';

export type ContainerArtifact = Extract<ArtifactSettings, { kind: 'container' }>;

/** undefined for the other kinds. */
export function containerArtifact(workspace: Workspace, product: string, config: ProductConfig, registry: string, configPath: string, env: NodeJS.ProcessEnv): ContainerArtifact | undefined {
  if (config.kind !== 'container') return undefined;
  const { baseImage, port, user } = loadContainerRuntime(workspace, product, config);
  const { image, builder, entrypoint, dockerfile, context, buildArgs } = config;
  return { kind: 'container', registry, image, builder, builderOptions: { baseImage, port, user, entrypoint, dockerfile, context, buildArgs, configPath, registryAccess: { env } } };
}
