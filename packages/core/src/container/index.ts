// The container half of core: what the release flow, the GitOps flow and the executors use.
export type { BuilderKind, BuiltImage, ImageBuilder, ImageBuildRequest, ImageRegistry, ImageStorage } from './image-ports';
export { publishContainerRelease, type ContainerReleaseInput, type PublishedImage } from './publish-container-release';
export { checkRegistryReachable } from './check-registry-reachable';
export { parseRegistryLocation, pullNameFor, repositoryFor, type RegistryLocation } from './parse-registry-location';
export { resolveImageRegistry, type RegistryAccessOptions } from './resolve-image-registry';
export { createImageBuilder, type ContainerBuilderOptions } from './create-image-builder';
export { OciLayoutRegistry } from './oci-layout-registry';
export { DistributionRegistry } from './distribution-registry';
export { OciDistributionClient } from './oci-distribution-client';
export { EmbeddedImageBuilder, DEFAULT_ENTRYPOINT } from './embedded-image-builder';
export { CliImageBuilder } from './cli-image-builder';
export { copyImage } from './copy-image';
export type { ContainerErrorCode } from './container-error';
