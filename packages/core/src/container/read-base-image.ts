// The base image of the embedded builder: "oci:<layout folder>[:tag]" (relative to the workspace)
// or a registry reference "host[:port]/repo[:tag|@digest]". An index is narrowed to the platform
// we build for. Reads manifests and config only; layers are copied later, blob by blob.
import { basename, dirname, isAbsolute, join } from 'node:path';
import { text } from 'node:stream/consumers';
import { containerError } from './container-error';
import type { ImageStorage } from './image-ports';
import { DistributionRegistry } from './distribution-registry';
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
  const source = openBaseSource(reference, workspaceRoot, access);
  let stored = await source.storage.readManifest(source.repository, source.tag);
  if (!stored) throw missing(reference, source.storage.location);
  if (isIndexMediaType(stored.mediaType || mediaTypeOf(stored.bytes))) {
    const index = JSON.parse(stored.bytes.toString('utf8')) as ImageIndex;
    const match = index.manifests.find((m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture) ?? (index.manifests.length === 1 && !index.manifests[0].platform ? index.manifests[0] : undefined);
    if (!match) {
      const offered = index.manifests.map((m) => (m.platform ? `${m.platform.os}/${m.platform.architecture}` : m.digest)).join(', ');
      throw containerError('IMAGE_INVALID', `The base image ${reference} has no ${platform.os}/${platform.architecture} variant (it has: ${offered}). Pick a base image for this platform.`);
    }
    stored = await source.storage.readManifest(source.repository, match.digest);
    if (!stored) throw missing(reference, source.storage.location);
  }
  const manifest = JSON.parse(stored.bytes.toString('utf8')) as ImageManifest;
  const configStream = await source.storage.openBlob(source.repository, manifest.config.digest);
  if (!configStream) throw containerError('IMAGE_INVALID', `The base image ${reference} lacks its config blob ${manifest.config.digest}.`);
  const config = JSON.parse(await text(configStream)) as ImageConfig;
  return { reference, storage: source.storage, repository: source.repository, manifest, config };
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
  return containerError('IMAGE_INVALID', `The base image ${reference} was not found in ${location}. Check "baseImage" in the product's tagdeploy.json.`);
}

function invalid(reference: string): Error {
  return containerError('INVALID_CONFIG', `"baseImage": "${reference}" is neither oci:<layout folder>[:tag] nor host[:port]/repository[:tag|@digest] (Docker Hub short names need their host: docker.io/library/node:20-slim).`);
}
