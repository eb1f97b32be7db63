// The Publisher of container products: the build output becomes one image, built once and pushed
// to the registry as image:version, never moving an existing tag.
import { join } from 'node:path';
import { checkRegistryReachable } from '../container/check-registry-reachable';
import type { ContainerBuilderOptions } from '../container/create-image-builder';
import type { BuilderKind } from '../container/image-ports';
import { checkContainerImage, publishContainerRelease, type ContainerReleaseInput } from '../container/publish-container-release';
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import type { PreparedArtifact, PublishedArtifact, Publisher } from './publisher';
import { readBuildOutput } from './read-build-output';
import type { PublisherContext } from './static-publisher';

/** How a container product is built and where its image goes (from tagdeploy.json and the workspace settings). */
export interface ContainerSettings {
  registry: string;
  image: string;
  builder: BuilderKind;
  builderOptions: ContainerBuilderOptions;
}

export class ContainerPublisher implements Publisher {
  readonly kind = 'container';

  constructor(
    private readonly context: PublisherContext & { git: Git },
    private readonly settings: ContainerSettings,
  ) {}

  async check(): Promise<void> {
    await checkRegistryReachable(this.settings.registry, this.context.workspaceRoot);
  }

  /**
   * The output must be there; the image holds the files, so no release folder is listed. An image
   * that could never start (no base in the registry, no entrypoint program) is refused here.
   */
  async prepare(release: ReleasePlan): Promise<PreparedArtifact> {
    const outputPath = release.outputPath ?? '';
    const files = await readBuildOutput(join(this.context.workspaceRoot, outputPath), outputPath, release.product);
    await checkContainerImage(await this.releaseInput(release));
    return { files, folder: [] };
  }

  async publish(release: ReleasePlan): Promise<PublishedArtifact> {
    const pushed = await publishContainerRelease(await this.releaseInput(release));
    return { kind: 'container', entry: { files: [], image: { repository: pushed.repository, reference: pushed.reference, digest: pushed.digest } }, pushed };
  }

  private async releaseInput(release: ReleasePlan): Promise<ContainerReleaseInput> {
    const { settings, context } = this;
    return {
      product: release.product,
      version: release.version,
      tag: release.tag,
      commit: release.commit,
      source: '',
      // The commit's time, not now: rebuilding the same tag (a resumed release) gives the same digest.
      createdAt: await context.git.readCommitDate(release.commit),
      outputDir: release.outputPath ?? '',
      image: settings.image,
      builderKind: settings.builder,
      registry: settings.registry,
      workspaceRoot: context.workspaceRoot,
      reporter: context.reporter,
      builderOptions: settings.builderOptions,
    };
  }
}
