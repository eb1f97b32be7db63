// The image a sealed container release recorded in its release.json: repository and digest.
import { z } from 'zod';
import { isTagdeployError, TagdeployError } from '../errors/tagdeploy-error';
import { manifestKey } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { command } from '../commands/spelling';

export const imageDigestPattern = /^sha256:[0-9a-f]{64}$/;

const releaseImageSchema = z.object({
  image: z.object({ repository: z.string().min(1), reference: z.string().optional(), digest: z.string().regex(imageDigestPattern) }),
});

export interface ReleaseImage {
  repository: string;
  digest: string;
}

export async function readReleaseImage(store: ObjectStore, product: string, version: string): Promise<ReleaseImage> {
  const key = manifestKey(product, version);
  const object = await store.get(key);
  const where = `${store.url}/${key}`;
  if (!object) {
    throw new TagdeployError('UNSEALED_RELEASE', `${product} ${version} is not sealed (${where} is missing). Run "${command('release', product)}" first.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(object.body.toString('utf8'));
  } catch (error) {
    throw new TagdeployError('RELEASE_CORRUPT', `${where} is not JSON (${(error as Error).message}). Seal the release again with "${command('release', product)}" from its tag.`);
  }
  const result = releaseImageSchema.safeParse(json);
  if (!result.success) {
    throw new TagdeployError(
      'IMAGE_MISSING',
      `${where} records no image (image.repository and an image.digest "sha256:<64 hex>"), so ${product} ${version} cannot go to a GitOps env. Is ${product} a container product ("kind": "container" in its tagdeploy.json)? Release it again with "${command('release', product)}".`,
    );
  }
  return { repository: result.data.image.repository, digest: result.data.image.digest };
}

/** The sealed image of a version, or why there is none (for drift: an env file naming a version that was never released). */
export type SealedImage = { image: ReleaseImage } | { missing: string };

export async function readSealedImage(store: ObjectStore, product: string, version: string): Promise<SealedImage> {
  try {
    return { image: await readReleaseImage(store, product, version) };
  } catch (error) {
    const missing = isTagdeployError(error) ? whyMissing[error.code]?.(product, version) : undefined;
    if (missing === undefined) throw error;
    return { missing };
  }
}

const whyMissing: Partial<Record<string, (product: string, version: string) => string>> = {
  UNSEALED_RELEASE: (product, version) => `${version} is not a sealed release of ${product}`,
  INVALID_KEY: (product, version) => `${version} is not a sealed release of ${product}`,
  RELEASE_CORRUPT: (product, version) => `the release.json of ${product} ${version} is not valid`,
  IMAGE_MISSING: (product, version) => `the release.json of ${product} ${version} records no image`,
};
