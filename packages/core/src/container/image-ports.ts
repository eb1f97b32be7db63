// The container ports. ImageRegistry is what the release and GitOps flows need from a registry
// (read a tag, add a tag to an existing manifest). ImageStorage adds the blob and manifest writes
// that copying an image needs. ImageBuilder turns a build context into an image in a local OCI
// layout; pushing is then one shared path (copy-image.ts) for every builder.
// Adapters: oci-layout-registry.ts (embedded default) and distribution-registry.ts.
import type { Readable } from 'node:stream';
import type { StoredManifest } from './oci-types';

export interface ImageRegistry {
  /** Human-readable location for messages: "oci:.tagdeploy/registry" or "registry.example.com/team". */
  readonly location: string;
  /** Throws REGISTRY_UNAVAILABLE (or REGISTRY_AUTH) when the registry cannot be used. Writes nothing. */
  checkReachable(): Promise<void>;
  /** The manifest digest ("sha256:…") the tag points at, or undefined when the tag does not exist. */
  resolveDigest(repository: string, tag: string): Promise<string | undefined>;
  /** The manifest bytes at a tag or digest, or undefined when absent. */
  readManifest(repository: string, reference: string): Promise<StoredManifest | undefined>;
  /**
   * Adds `tag` to the manifest `digest` already in `repository`, moving no layers. Create-only: a tag
   * already at `digest` gives 'exists'; at another digest it throws IMAGE_TAG_EXISTS and changes
   * nothing. Throws IMAGE_INVALID when the digest is not in the repository.
   */
  putTag(repository: string, digest: string, tag: string): Promise<'created' | 'exists'>;
}

export interface ImageStorage extends ImageRegistry {
  hasBlob(repository: string, digest: string): Promise<boolean>;
  /** A blob's bytes as a stream, or undefined when absent. */
  openBlob(repository: string, digest: string): Promise<Readable | undefined>;
  /** Stores a blob under its digest. The adapter verifies the digest (the registry does too). */
  putBlob(repository: string, digest: string, size: number, open: () => Readable): Promise<void>;
  /** Stores a manifest by its digest, untagged. Returns the digest. */
  putManifest(repository: string, manifest: StoredManifest): Promise<string>;
}

export type BuilderKind = 'docker' | 'podman' | 'buildah' | 'embedded';

export interface ImageBuildRequest {
  /** The build context: for the embedded builder, the folder that becomes /app. */
  contextDir: string;
  /** Dockerfile for CLI builders; default <contextDir>/Dockerfile. Ignored by the embedded builder. */
  dockerfile?: string;
  /** Passed as --build-arg (VERSION among them). */
  buildArgs: Record<string, string>;
  /** OCI labels (org.opencontainers.image.*) put on the image config. */
  labels: Record<string, string>;
  /** Image creation time; also SOURCE_DATE_EPOCH for CLI builders, so rebuilds can give the same digest. */
  createdAt: Date;
  /** The image is written here, as an OCI image layout, tagged `tag`. */
  layoutDir: string;
  tag: string;
}

export interface BuiltImage {
  layoutDir: string;
  tag: string;
  /** Digest of the manifest (or index) in the layout: what the registry will report after the push. */
  digest: string;
}

export interface ImageBuilder {
  readonly kind: BuilderKind;
  /** Builds once. Throws BUILDER_MISSING when the tool is not installed, IMAGE_BUILD_FAILED on failure. */
  build(request: ImageBuildRequest): Promise<BuiltImage>;
}
