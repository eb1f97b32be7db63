// Publishes one container release: build the image once (into a temp OCI layout), then push it to
// the registry and tag it with the version, create-only. A tag that already holds the same digest
// is a normal "already published" (a resumed release); another digest is IMAGE_TAG_EXISTS and
// nothing is pushed. The digest is verified by asking the registry afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Reporter } from '../release/ports';
import { assertImageName } from './assert-image-name';
import { containerError, tagExists } from './container-error';
import { copyImage, readImageContents } from './copy-image';
import { createImageBuilder, type ContainerBuilderOptions } from './create-image-builder';
import type { BuilderKind, BuiltImage, ImageBuildRequest } from './image-ports';
import { ociArchitecture } from './build-image-config';
import { openLayout } from './open-layout';
import { readImage } from './read-base-image';
import { verifyImageEntrypoint } from './verify-image-entrypoint';
import { parseRegistryLocation, pullNameFor, repositoryFor } from './parse-registry-location';
import { resolveImageRegistry } from './resolve-image-registry';

export interface ContainerReleaseInput {
  product: string;
  version: string;
  tag: string;
  commit: string;
  /** Repository URL for org.opencontainers.image.source, or '' for none. */
  source: string;
  /** Image creation time. Pass the commit time: then a rebuild of the same tag gives the same digest. */
  createdAt: Date;
  /** The product's build output folder (absolute or relative to the workspace). */
  outputDir: string;
  image: string;
  builderKind: BuilderKind;
  /** The plugin's "registry" option: "oci:<folder>" or "host[:port][/namespace]". */
  registry: string;
  workspaceRoot: string;
  reporter: Reporter;
  builderOptions?: ContainerBuilderOptions;
}

export interface PublishedImage {
  /** Pullable name without tag: "127.0.0.1:5000/team/payments-api" or "oci:.tagdeploy/registry/payments-api". */
  repository: string;
  /** "<repository>:<version>" */
  reference: string;
  digest: string;
  status: 'pushed' | 'already-published';
}

export async function publishContainerRelease(input: ContainerReleaseInput): Promise<PublishedImage> {
  const location = parseRegistryLocation(input.registry, input.workspaceRoot);
  const repository = repositoryFor(location, input.image);
  assertImageName(repository, input.version);
  const registry = resolveImageRegistry(location, input.builderOptions?.registryAccess);
  const name = pullNameFor(location, input.image);
  const reference = `${name}:${input.version}`;
  const existing = await registry.resolveDigest(repository, input.version);

  const workDir = await mkdtemp(join(tmpdir(), 'tagdeploy-image-'));
  try {
    const options = input.builderOptions ?? {};
    const built = await buildReleaseImage(input, join(workDir, 'image'), reference);

    if (existing === built.digest) return { repository: name, reference, digest: built.digest, status: 'already-published' };
    if (existing) throw tagExists(reference, existing, built.digest);

    const from = openLayout(built.layoutDir);
    await verifyBuiltImage(from, built.digest, `The image ${reference} of ${input.product}`, input.builderKind, options);
    const contents = await readImageContents(from, built.digest);
    const meter = input.reporter.progress(`${input.product} push`, { files: contents.blobs.length, bytes: contents.blobs.reduce((sum, blob) => sum + blob.size, 0) });
    const copied = await copyImage(from, { storage: registry, repository }, built.digest, meter);
    meter.done();
    await registry.putTag(repository, built.digest, input.version);
    const verified = await registry.resolveDigest(repository, input.version);
    if (verified !== built.digest) {
      throw containerError('REGISTRY_ERROR', `After the push, ${reference} resolves to ${verified ?? 'nothing'} instead of ${built.digest}. Check the registry, then run the release again.`);
    }
    input.reporter.info(`${input.product}: pushed ${reference}@${built.digest} (${copied.blobsPushed} new blobs)`);
    return { repository: name, reference, digest: built.digest, status: 'pushed' };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Builds the release's image into an OCI layout folder, pushing nothing (a rebuild compares its digest). */
export async function buildReleaseImage(input: ContainerReleaseInput, layoutDir: string, reference: string): Promise<BuiltImage> {
  const options = input.builderOptions ?? {};
  const builder = createImageBuilder(input.builderKind, input.workspaceRoot, options, (line) => input.reporter.info(`${input.product}: ${line}`));
  input.reporter.info(`${input.product}: building image ${reference} with the ${builder.kind} builder`);
  return builder.build(buildRequest(input, options, layoutDir));
}

/**
 * Before the tag is claimed: builds the embedded image once into a temp folder and checks it (its
 * base exists, its entrypoint program is inside), so that a release that could never start is
 * refused with nothing tagged or pushed. CLI builders are checked after their build, before the push.
 */
export async function checkContainerImage(input: ContainerReleaseInput): Promise<void> {
  if (input.builderKind !== 'embedded') return;
  const workDir = await mkdtemp(join(tmpdir(), 'tagdeploy-image-check-'));
  try {
    const options = input.builderOptions ?? {};
    const built = await createImageBuilder('embedded', input.workspaceRoot, options).build(buildRequest(input, options, join(workDir, 'image')));
    await verifyBuiltImage(openLayout(built.layoutDir), built.digest, `The image of ${input.product} ${input.version}`, 'embedded', options);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function verifyBuiltImage(layout: ReturnType<typeof openLayout>, digest: string, what: string, kind: BuilderKind, options: ContainerBuilderOptions): Promise<void> {
  const image = await readImage(layout.storage, layout.repository, digest, { os: 'linux', architecture: ociArchitecture() }, what);
  if (!image) throw containerError('IMAGE_INVALID', `${what} is missing from the build's own layout (a bug in the ${kind} builder).`);
  const where = options.configPath ?? "the product's tagdeploy.json";
  const base = options.baseImage ? `its base image ${options.baseImage}` : 'its base image';
  const fix =
    kind === 'embedded'
      ? `Set "baseImage" in ${where} to an image that has it (${base} does not), or change "entrypoint" there`
      : "Fix the Dockerfile's FROM, ENTRYPOINT or CMD";
  await verifyImageEntrypoint(layout.storage, layout.repository, image, { image: what, fix });
}

function buildRequest(input: ContainerReleaseInput, options: ContainerBuilderOptions, layoutDir: string): ImageBuildRequest {
  const inWorkspace = (path: string) => (isAbsolute(path) ? path : join(input.workspaceRoot, path));
  return {
    contextDir: inWorkspace(options.context ?? input.outputDir),
    dockerfile: options.dockerfile ? inWorkspace(options.dockerfile) : undefined,
    buildArgs: { ...options.buildArgs, VERSION: input.version },
    labels: {
      'org.opencontainers.image.version': input.version,
      'org.opencontainers.image.revision': input.commit,
      ...(input.source ? { 'org.opencontainers.image.source': input.source } : {}),
      'org.opencontainers.image.created': input.createdAt.toISOString(),
    },
    createdAt: input.createdAt,
    layoutDir,
    tag: input.version,
  };
}
