// The few OCI / Docker v2 media types and JSON shapes we read and write.
import { createHash } from 'node:crypto';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

/** Every manifest kind we can read, for Accept headers. */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerManifestList];

export const isIndexMediaType = (mediaType: string): boolean =>
  mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerManifestList;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string };
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** Raw manifest bytes as stored: the digest is of these exact bytes. */
export interface StoredManifest {
  mediaType: string;
  digest: string;
  bytes: Buffer;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  created?: string;
  config?: {
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    User?: string;
    ExposedPorts?: Record<string, object>;
  };
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>;
}

export const sha256Digest = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/** The media type a manifest declares in its body (the layout's index may not say). */
export function mediaTypeOf(bytes: Buffer, fallback: string = MEDIA_TYPES.ociManifest): string {
  const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: string; manifests?: unknown };
  return parsed.mediaType ?? (parsed.manifests ? MEDIA_TYPES.ociIndex : fallback);
}
