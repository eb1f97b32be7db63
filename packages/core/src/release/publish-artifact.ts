// Publish by kind: a static product's files go to the store; a container product's build output
// becomes one image pushed to the registry. Both return what the seal (release.json) records.
import { checkRegistryReachable } from '../container/check-registry-reachable';
import type { ContainerBuilderOptions } from '../container/create-image-builder';
import type { BuilderKind } from '../container/image-ports';
import { publishContainerRelease, type PublishedImage } from '../container/publish-container-release';
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import type { ObjectStore } from '../store/object-store';
import type { Reporter } from './ports';
import { publishReleaseFiles, type LocalFile, type PublishResult } from './publish-release-files';
import { manifestKey, releasePrefix, type ManifestFile, type ManifestImage, type ReleaseManifest } from './release-manifest';

/** How a container product is built and where its image goes (from tagdeploy.json and the workspace settings). */
export interface ContainerSettings {
  registry: string;
  image: string;
  builder: BuilderKind;
  builderOptions: ContainerBuilderOptions;
}

export interface PublishedArtifact {
  files: ManifestFile[];
  image: ManifestImage | null;
  uploaded: PublishResult | null;
  pushed: PublishedImage | null;
}

export interface PublishContext {
  store: ObjectStore;
  git: Git;
  reporter: Reporter;
  workspaceRoot: string;
  container?: ContainerSettings;
}

/** Fails before anything is claimed when the artifact could not be published. */
export async function checkArtifactDestination(plan: ReleasePlan, context: PublishContext): Promise<void> {
  if (plan.kind === 'container') await checkRegistryReachable(requireContainer(plan, context).registry, context.workspaceRoot);
}

export async function publishArtifact(release: ReleasePlan, files: LocalFile[], context: PublishContext): Promise<PublishedArtifact> {
  if (release.kind === 'container') {
    const settings = requireContainer(release, context);
    const pushed = await publishContainerRelease({
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
    });
    return { files: [], image: { repository: pushed.repository, reference: pushed.reference, digest: pushed.digest }, uploaded: null, pushed };
  }
  const previousBySha = await readPreviousFiles(context.store, release);
  const uploaded = await publishReleaseFiles({ store: context.store, prefix: releasePrefix(release.product, release.version), files, reporter: context.reporter, previousBySha });
  return { files: files.map(({ absPath: _absPath, ...file }) => file), image: null, uploaded, pushed: null };
}

function requireContainer(plan: ReleasePlan, context: PublishContext): ContainerSettings {
  if (!context.container) throw new Error(`${plan.product} is a container product but no container settings were given (a bug in the caller).`);
  return context.container;
}

/** The previous sealed release's files by sha256 (empty when there is none), for server-side copies. */
async function readPreviousFiles(store: ObjectStore, plan: ReleasePlan): Promise<Map<string, string>> {
  const bySha = new Map<string, string>();
  if (!plan.previous) return bySha;
  const sealed = await store.get(manifestKey(plan.product, plan.previous.version));
  if (!sealed) return bySha;
  const manifest = JSON.parse(sealed.body.toString('utf8')) as ReleaseManifest;
  for (const file of manifest.files) bySha.set(file.sha256, releasePrefix(plan.product, manifest.version) + file.path);
  return bySha;
}
