// Attaches a release's Sigstore bundle to its image the way cosign does, so registry-side tools
// find it: an OCI artifact manifest (artifactType = the bundle's media type, subject = the image)
// listed under the referrers tag fallback "sha256-<digest hex>" (OCI distribution 1.1). The tag
// fallback, not the referrers API: registries without that API (distribution 2.8) take it too,
// and registries with it still serve the tag.
import { Readable } from 'node:stream';
import type { ImageStorage } from '../container/image-ports';
import { MEDIA_TYPES, sha256Digest, type Descriptor } from '../container/oci-types';
import { SLSA_PROVENANCE_TYPE } from './provenance-statement';

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';

export type AttachResult = 'attached' | 'already-attached' | 'tag-taken';

export async function attachImageProvenance(storage: ImageStorage, repository: string, imageDigest: string, bundle: Buffer): Promise<AttachResult> {
  const image = await storage.readManifest(repository, imageDigest);
  if (!image) throw new Error(`${repository}@${imageDigest} is not in ${storage.location} (it was pushed moments ago)`);
  const empty = Buffer.from('{}');
  await putBlob(storage, repository, empty);
  await putBlob(storage, repository, bundle);
  const referrer = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: BUNDLE_MEDIA_TYPE,
    config: { mediaType: EMPTY_MEDIA_TYPE, digest: sha256Digest(empty), size: empty.length },
    layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: sha256Digest(bundle), size: bundle.length }],
    subject: { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length },
    annotations: { 'dev.sigstore.bundle.predicateType': SLSA_PROVENANCE_TYPE },
  });
  const referrerDigest = await storage.putManifest(repository, { mediaType: MEDIA_TYPES.ociManifest, digest: sha256Digest(referrer), bytes: referrer });
  const entry: Descriptor & { artifactType: string } = { mediaType: MEDIA_TYPES.ociManifest, digest: referrerDigest, size: referrer.length, artifactType: BUNDLE_MEDIA_TYPE };
  const index = json({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [entry] });
  const indexDigest = await storage.putManifest(repository, { mediaType: MEDIA_TYPES.ociIndex, digest: sha256Digest(index), bytes: index });
  const tag = referrersTag(imageDigest);
  const existing = await storage.resolveDigest(repository, tag);
  if (existing === indexDigest) return 'already-attached';
  // Tags are create-only here: a bundle attached by an earlier, interrupted run of this release
  // stays; the store's bundle (beside release.json) is the one verification reads.
  if (existing) return 'tag-taken';
  await storage.putTag(repository, indexDigest, tag);
  return 'attached';
}

/** The referrers tag fallback of the OCI distribution spec: "sha256:abc…" -> "sha256-abc…". */
export const referrersTag = (digest: string): string => digest.replace(':', '-');

async function putBlob(storage: ImageStorage, repository: string, bytes: Buffer): Promise<void> {
  const digest = sha256Digest(bytes);
  if (!(await storage.hasBlob(repository, digest))) await storage.putBlob(repository, digest, bytes.length, () => Readable.from([bytes]));
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
