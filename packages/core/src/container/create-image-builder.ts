// Picks the ImageBuilder for a product's "builder" setting.
import { CliImageBuilder } from './cli-image-builder';
import { containerError } from './container-error';
import type { CliStorageOptions } from './build-cli-image-args';
import { EmbeddedImageBuilder } from './embedded-image-builder';
import type { BuilderKind, ImageBuilder } from './image-ports';
import type { RegistryAccessOptions } from './resolve-image-registry';

export interface ContainerBuilderOptions extends CliStorageOptions {
  /** Embedded builder: "oci:<layout folder>[:tag]", "host/repo[:tag|@digest]" or "scratch". Required by it. */
  baseImage?: string;
  /** Embedded builder: the port (PORT in the image's environment). */
  port?: number;
  /** Embedded builder: the user the entrypoint runs as. */
  user?: string;
  /** Embedded builder: default ["node", "/app/main.mjs"]. */
  entrypoint?: string[];
  /** CLI builders: Dockerfile, relative to the workspace; default <context>/Dockerfile. */
  dockerfile?: string;
  /** CLI builders: build context, relative to the workspace; default the build output folder. */
  context?: string;
  /** CLI builders: extra --build-arg values (VERSION is always passed). */
  buildArgs?: Record<string, string>;
  /** CLI builders: the executable (default the builder's name). */
  command?: string;
  /** For messages: the product's tagdeploy.json, relative to the workspace. */
  configPath?: string;
  registryAccess?: RegistryAccessOptions;
}

export function createImageBuilder(kind: BuilderKind, workspaceRoot: string, options: ContainerBuilderOptions = {}, onLine?: (line: string) => void): ImageBuilder {
  if (kind === 'embedded') {
    if (!options.baseImage) throw containerError('IMAGE_BASE_MISSING', `The embedded builder needs a base image: set "baseImage"${options.configPath ? ` in ${options.configPath}` : ''} (or "scratch" on purpose).`);
    return new EmbeddedImageBuilder({ workspaceRoot, baseImage: options.baseImage, port: options.port, user: options.user, entrypoint: options.entrypoint, registryAccess: options.registryAccess });
  }
  return new CliImageBuilder({ ...options, kind, onLine });
}
