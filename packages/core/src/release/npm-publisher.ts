// The Publisher of npm products: the package is packed once from the tag (workspace
// dependencies pinned to their released versions), the tarball is stored in the release folder
// as the frozen artifact, and that same tarball is published to the registry. Idempotent: the
// version already on the registry with the same integrity is "already published"; with another
// integrity it is refused before the tag (NPM_VERSION_TAKEN).
import { TagdeployError } from '../errors/tagdeploy-error';
import { command } from '../commands/spelling';
import { NpmRegistry } from '../npm/npm-registry';
import { describeTarball, packNpmRelease } from '../npm/pack-npm-release';
import type { NpmPackage } from '../npm/read-npm-package';
import { resolvePublishedManifest } from '../npm/resolve-published-manifest';
import type { ReleasePlan } from '../plan/release-plan';
import { listReleaseFolder } from './check-release-output';
import { crashPoint } from './crash-point';
import type { PreparedArtifact, PublishedArtifact, Publisher } from './publisher';
import { publishClaim, publishReleaseFiles } from './publish-release-files';
import { releasePrefix } from './release-manifest';
import type { PublisherContext } from './static-publisher';

/** The dist-tag a publish sets: never an environment's, so that only deploy and promote move those (the registry still tags a package's very first version "latest"). */
export const publishDistTag = 'released';

/** Resolved by the command layer: the package, its registry, and the released versions of the workspace packages it depends on. */
export interface NpmSettings {
  package: NpmPackage;
  registry: string;
  /** Pass --provenance to npm publish (only where the CI can sign it). */
  provenance: boolean;
  workspacePackages: readonly string[];
  released: Readonly<Record<string, string>>;
}

export class NpmPublisher implements Publisher {
  readonly kind = 'npm';
  private readonly registry: NpmRegistry;

  constructor(
    private readonly context: PublisherContext,
    private readonly settings: NpmSettings,
  ) {
    this.registry = new NpmRegistry({ url: settings.registry, cwd: context.workspaceRoot });
  }

  async check(plan: ReleasePlan): Promise<void> {
    await this.registry.checkReachable(plan.product);
    await this.registry.checkAuth(plan.product, this.settings.package.name);
  }

  async prepare(release: ReleasePlan): Promise<PreparedArtifact> {
    const { package: pkg, workspacePackages, released } = this.settings;
    const folder = await listReleaseFolder(this.context.store, release);
    const published = resolvePublishedManifest(pkg.manifest, release.version, new Set(workspacePackages), released);
    const tarball = await packNpmRelease(pkg, published, release.product);
    const there = await this.registry.readIntegrity(pkg.name, release.version);
    if (there !== null && there !== tarball.integrity) throw this.versionTaken(release, there, tarball.integrity);
    const file = { path: tarball.filename, size: tarball.size, sha256: tarball.sha256, contentType: 'application/gzip', cacheControl: 'public, max-age=31536000, immutable', absPath: tarball.path };
    return { files: [file], folder };
  }

  async publish(release: ReleasePlan, { files, folder }: PreparedArtifact): Promise<PublishedArtifact> {
    const { store, reporter } = this.context;
    const { package: pkg, registry, provenance } = this.settings;
    const [file] = files;
    const uploaded = await publishReleaseFiles({ store, prefix: releasePrefix(release.product, release.version), files, reporter, previousBySha: new Map(), claim: publishClaim(release), listed: folder });
    const tarball = await describeTarball(file.absPath, file.path);
    const status = await this.publishOnce(release, tarball.path, tarball.integrity);
    crashPoint('npm-published', 1);
    reporter.info(`${status === 'published' ? 'published' : 'already published:'} ${pkg.name}@${release.version} to ${registry} (${tarball.integrity.slice(0, 19)}…)`);
    const entry = { files: [{ path: file.path, size: file.size, sha256: file.sha256, contentType: file.contentType, cacheControl: file.cacheControl }], package: { name: pkg.name, registry, tarball: file.path, integrity: tarball.integrity, shasum: tarball.shasum } };
    return { kind: 'npm', entry, uploaded, status };
  }

  /** Publishes unless the registry already has these bytes; a publish that lost a race to the same bytes is "already published". */
  private async publishOnce(release: ReleasePlan, tarball: string, integrity: string): Promise<'published' | 'already-published'> {
    const { name } = this.settings.package;
    const before = await this.registry.readIntegrity(name, release.version);
    if (before === integrity) return 'already-published';
    if (before !== null) throw this.versionTaken(release, before, integrity);
    const run = await this.registry.publish(tarball, name, { tag: publishDistTag, provenance: this.settings.provenance });
    const after = await this.registry.readIntegrity(name, release.version);
    if (after === integrity) return run.code === 0 ? 'published' : 'already-published';
    if (after !== null) throw this.versionTaken(release, after, integrity);
    throw new TagdeployError(
      'REGISTRY_ERROR',
      `npm publish of ${name}@${release.version} to ${this.registry.url} failed (${run.errorCode ?? 'no code'}: ${run.summary}). The tag ${release.tag} is claimed and the tarball is stored: fix the cause and run ${command('release', release.product)} again to publish that same tarball.`,
    );
  }

  private versionTaken(release: ReleasePlan, there: string, ours: string): TagdeployError {
    const { name } = this.settings.package;
    return new TagdeployError(
      'NPM_VERSION_TAKEN',
      `${this.registry.url} already has ${name}@${release.version} with other bytes (integrity ${there.slice(0, 19)}…, this build ${ours.slice(0, 19)}…): a version is published once and never replaced. Release another version with ${command('release', release.product, { 'release-as': '<version>' })} above ${release.version}; nothing was tagged or published.`,
    );
  }
}
