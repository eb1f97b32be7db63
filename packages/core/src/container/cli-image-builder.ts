// Builds with docker (buildx), podman or buildah from the product's Dockerfile, then exports the
// image to an OCI layout folder so that every builder's image is pushed the same way.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildCliImageArgs, type CliBuilderKind, type CliCommand, type CliStorageOptions } from './build-cli-image-args';
import { containerError } from './container-error';
import type { BuiltImage, ImageBuilder, ImageBuildRequest } from './image-ports';
import { openLayout } from './open-layout';
import { runCommand } from './run-command';

export interface CliBuilderOptions extends CliStorageOptions {
  kind: CliBuilderKind;
  /** The executable; default the kind's name. Tests point it at a missing binary. */
  command?: string;
  /** Where the product's config lives, for the "not installed" message. */
  configPath?: string;
  onLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

const INSTALL_HINT: Record<CliBuilderKind, string> = {
  docker: 'Install Docker with the buildx plugin (https://docs.docker.com/engine/install/)',
  podman: 'Install it (apt-get install podman)',
  buildah: 'Install it (apt-get install buildah)',
};

export class CliImageBuilder implements ImageBuilder {
  readonly kind: CliBuilderKind;

  constructor(private readonly options: CliBuilderOptions) {
    this.kind = options.kind;
  }

  async build(request: ImageBuildRequest): Promise<BuiltImage> {
    const localTag = `localhost/tagdeploy-build-${randomBytes(6).toString('hex')}:${request.tag}`;
    const steps = buildCliImageArgs(this.kind, request, localTag, this.options);
    await mkdir(dirname(request.layoutDir), { recursive: true });
    try {
      await this.run(steps.build, 'build');
      if (steps.export) await this.run(steps.export, 'export');
    } finally {
      if (steps.cleanup) await this.run(steps.cleanup, 'cleanup').catch(() => undefined);
    }
    return this.readBuilt(request);
  }

  /** The manifest the tool wrote: by our tag, or the only one (docker names it by its own rules). */
  private async readBuilt(request: ImageBuildRequest): Promise<BuiltImage> {
    const layout = openLayout(request.layoutDir);
    let digest = await layout.storage.resolveDigest(layout.repository, request.tag);
    if (!digest) {
      const index = await layout.storage.readIndexEntries(layout.repository);
      if (index.length !== 1) throw containerError('IMAGE_BUILD_FAILED', `${this.kind} left ${index.length} images in ${request.layoutDir}, expected one.`);
      digest = index[0].digest;
      await layout.storage.putTag(layout.repository, digest, request.tag);
    }
    return { layoutDir: request.layoutDir, tag: request.tag, digest };
  }

  private async run(step: CliCommand, what: string): Promise<void> {
    const command = this.options.command ?? this.kind;
    const env = { ...(this.options.env ?? process.env), ...step.env };
    const result = await runCommand(command, step.args, { env, onLine: this.options.onLine }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        const where = this.options.configPath ?? "the product's tagdeploy.json";
        throw containerError('BUILDER_MISSING', `The "${this.kind}" builder is not installed (no "${command}" on PATH). ${INSTALL_HINT[this.kind]} or set "builder": "embedded" in ${where}.`);
      }
      throw error;
    });
    if (result.code !== 0) {
      throw containerError('IMAGE_BUILD_FAILED', `${command} ${what} failed (exit ${result.code}):\n${result.tail}`);
    }
  }
}
