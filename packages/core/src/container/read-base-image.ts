// The base image of the embedded builder: "oci:<layout folder>[:tag]" (relative to the workspace)
// or a registry reference "host[:port]/repo[:tag|@digest]". An index is narrowed to the platform
// we build for. Reads manifests and config only; layers are copied later, blob by blob.
import { basename, dirname, isAbsolute, join } from 'node:path';
import { text } from 'node:stream/consumers';
import { containerError } from './container-error';
import type { ImageStorage } from './image-ports';
import { DistributionRegistry } from './distribution-registry';
import { applyRegistryMirror, normalizeImageReference } from './normalize-image-reference';
import { OciLayoutRegistry } from './oci-layout-registry';
import { isIndexMediaType, mediaTypeOf, type ImageConfig, type ImageIndex, type ImageManifest } from './oci-types';
import type { RegistryAccessOptions } from './resolve-image-registry';

export interface BaseImage {
  reference: string;
  storage: ImageStorage;
  repository: string;
  manifest: ImageManifest;
  config: ImageConfig;
}

export async function readBaseImage(reference: string, workspaceRoot: string, platform: { os: string; architecture: string }, access: RegistryAccessOptions = {}): Promise<BaseImage> {
  const normalized = normalizeImageReference(reference);
  const mirrored = applyRegistryMirror(normalized, access.env);
  const source = openBaseSource(mirrored, workspaceRoot, access);
  const shownAt = mirrored === normalized ? source.storage.location : `${source.storage.location} (the mirror of its registry, TAGDEPLOY_REGISTRY_MIRRORS)`;
  const image = await readImage(source.storage, source.repository, source.tag, platform, `The base image ${reference}`);
  if (!image) throw missing(reference, shownAt);
  return { reference, storage: source.storage, repository: source.repository, ...image };
}

/** An image's manifest and config at a tag or digest, an index narrowed to the platform; undefined when absent. */
export async function readImage(storage: ImageStorage, repository: string, reference: string, platform: { os: string; architecture: string }, what: string): Promise<{ manifest: ImageManifest; config: ImageConfig } | undefined> {
  let stored = await storage.readManifest(repository, reference);
  if (!stored) return undefined;
  if (isIndexMediaType(stored.mediaType || mediaTypeOf(stored.bytes))) {
    const index = JSON.parse(stored.bytes.toString('utf8')) as ImageIndex;
    const match = index.manifests.find((m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture) ?? (index.manifests.length === 1 && !index.manifests[0].platform ? index.manifests[0] : undefined);
    if (!match) {
      const offered = index.manifests.map((m) => (m.platform ? `${m.platform.os}/${m.platform.architecture}` : m.digest)).join(', ');
      throw containerError('IMAGE_INVALID', `${what} has no ${platform.os}/${platform.architecture} variant (it has: ${offered}). Pick an image for this platform.`);
    }
    stored = await storage.readManifest(repository, match.digest);
    if (!stored) return undefined;
  }
  const manifest = JSON.parse(stored.bytes.toString('utf8')) as ImageManifest;
  const configStream = await storage.openBlob(repository, manifest.config.digest);
  if (!configStream) throw containerError('IMAGE_INVALID', `${what} lacks its config blob ${manifest.config.digest} in ${storage.location}.`);
  const config = JSON.parse(await text(configStream)) as ImageConfig;
  return { manifest, config };
}


function openBaseSource(reference: string, workspaceRoot: string, access: RegistryAccessOptions): { storage: ImageStorage; repository: string; tag: string } {
  if (reference.startsWith('oci:')) {
    const match = /^oci:(.+?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]*))?$/.exec(reference);
    if (!match) throw invalid(reference);
    const folder = isAbsolute(match[1]) ? match[1] : join(workspaceRoot, match[1]);
    return { storage: new OciLayoutRegistry(dirname(folder), `oci:${dirname(match[1])}`), repository: basename(folder), tag: match[2] ?? 'latest' };
  }
  const match = /^([^/]+)\/([^:@]+)(?::([A-Za-z0-9_][A-Za-z0-9_.-]*))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(reference);
  if (!match || !/[.:]|^localhost$/.test(match[1])) throw invalid(reference);
  const host = match[1] === 'docker.io' ? 'registry-1.docker.io' : match[1];
  return { storage: new DistributionRegistry({ host, insecure: access.insecure, env: access.env }), repository: match[2], tag: match[4] ?? match[3] ?? 'latest' };
}

function missing(reference: string, location: string): Error {
  return containerError('IMAGE_BASE_NOT_FOUND', `The base image ${reference} was not found in ${location}. Push it there, or change "baseImage" in the product's tagdeploy.json (or its Dockerfile's FROM); nothing was built or pushed.`);
}

function invalid(reference: string): Error {
  return containerError('INVALID_CONFIG', `"baseImage": "${reference}" is neither oci:<layout folder>[:tag] nor host[:port]/repository[:tag|@digest] (Docker Hub short names need their host: docker.io/library/node:20-slim).`);
}
