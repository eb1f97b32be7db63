// The daemonless default builder, like jib and ko: the build output becomes ONE layer under /app on
// top of a base image (an OCI layout or a registry image; "scratch" = none, on purpose), with the configured
// entrypoint, APP_VERSION and the OCI labels. No Dockerfile is read. The same output, version,
// labels and createdAt give the same digest (the layer's files carry mtime 0, uid/gid 0).
import { Readable } from 'node:stream';
import { containerError } from './container-error';
import { buildImageConfig, ociArchitecture } from './build-image-config';
import { buildImageLayer } from './build-image-layer';
import type { BuiltImage, ImageBuilder, ImageBuildRequest } from './image-ports';
import { MEDIA_TYPES, sha256Digest, type Descriptor, type ImageManifest } from './oci-types';
import { openLayout } from './open-layout';
import { readBaseImage, type BaseImage } from './read-base-image';
import { readLayerEntries } from './read-layer-entries';
import type { RegistryAccessOptions } from './resolve-image-registry';

export interface EmbeddedBuilderOptions {
  workspaceRoot: string;
  /** "oci:<layout folder>[:tag]", "host/repo[:tag|@digest]" or "scratch" (an empty base, on purpose). */
  baseImage: string;
  /** The port the service listens on (PORT and an exposed port). */
  port?: number;
  /** The user the entrypoint runs as. */
  user?: string;
  /** Default ["node", "/app/main.mjs"]. */
  entrypoint?: string[];
  /** Where the build output goes in the image, also the working directory. Default "/app". */
  appDir?: string;
  /** Extra environment; APP_VERSION comes from the VERSION build argument. */
  env?: Record<string, string>;
  registryAccess?: RegistryAccessOptions;
}

export const DEFAULT_ENTRYPOINT = ['node', '/app/main.mjs'];

// Docker's layer types hold the same bytes as OCI's; an OCI manifest names them the OCI way.
const OCI_LAYER_TYPE: Record<string, string> = {
  'application/vnd.docker.image.rootfs.diff.tar.gzip': MEDIA_TYPES.ociLayerGzip,
  'application/vnd.docker.image.rootfs.diff.tar': 'application/vnd.oci.image.layer.v1.tar',
};

export class EmbeddedImageBuilder implements ImageBuilder {
  readonly kind = 'embedded';

  constructor(private readonly options: EmbeddedBuilderOptions) {}

  async build(request: ImageBuildRequest): Promise<BuiltImage> {
    const platform = { os: 'linux', architecture: ociArchitecture() };
    const base = this.options.baseImage !== 'scratch' ? await readBaseImage(this.options.baseImage, this.options.workspaceRoot, platform, this.options.registryAccess) : undefined;
    const appDir = this.options.appDir ?? '/app';
    const layer = buildImageLayer(await readLayerEntries(request.contextDir, appDir));
    const config = buildImageConfig({
      base: base?.config,
      diffId: layer.diffId,
      entrypoint: this.options.entrypoint ?? DEFAULT_ENTRYPOINT,
      workingDir: appDir,
      env: { ...this.options.env, ...(request.buildArgs.VERSION ? { APP_VERSION: request.buildArgs.VERSION } : {}) },
      labels: request.labels,
      createdAt: request.createdAt,
      port: this.options.port,
      user: this.options.user,
      platform,
    });
    const configBytes = Buffer.from(JSON.stringify(config));
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha256Digest(configBytes), size: configBytes.length },
      layers: [...(base?.manifest.layers ?? []).map(asOciLayer), layer.descriptor],
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));

    const out = openLayout(request.layoutDir);
    if (base) await copyBaseLayers(base, out);
    const put = (descriptor: Descriptor, bytes: Buffer) => out.storage.putBlob(out.repository, descriptor.digest, bytes.length, () => Readable.from([bytes]));
    await put(layer.descriptor, layer.blob);
    await put(manifest.config, configBytes);
    const digest = await out.storage.putManifest(out.repository, { mediaType: MEDIA_TYPES.ociManifest, digest: sha256Digest(manifestBytes), bytes: manifestBytes });
    await out.storage.putTag(out.repository, digest, request.tag);
    return { layoutDir: request.layoutDir, tag: request.tag, digest };
  }
}

function asOciLayer(layer: Descriptor): Descriptor {
  return { ...layer, mediaType: OCI_LAYER_TYPE[layer.mediaType] ?? layer.mediaType };
}

async function copyBaseLayers(base: BaseImage, out: ReturnType<typeof openLayout>): Promise<void> {
  for (const layer of base.manifest.layers) {
    if (await out.storage.hasBlob(out.repository, layer.digest)) continue;
    const stream = await base.storage.openBlob(base.repository, layer.digest);
    if (!stream) throw containerError('IMAGE_INVALID', `The base image ${base.reference} lacks layer ${layer.digest}.`);
    await out.storage.putBlob(out.repository, layer.digest, layer.size, () => stream);
  }
}
