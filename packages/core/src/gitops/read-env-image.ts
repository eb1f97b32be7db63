// What an env file says the env runs (pure): repository, tag and digest of the product's image.
import { isScalar, type YAMLMap } from 'yaml';
import { invalid, locateEnvImage, type EnvFileRef } from './locate-env-image';

export interface EnvImage {
  /** kustomize: the `images` entry name; helm: null. */
  name: string | null;
  repository: string | null;
  /** The version (image tag); null when the env runs nothing yet. */
  tag: string | null;
  digest: string | null;
}

export function readEnvImage(text: string, ref: EnvFileRef): EnvImage | null {
  const { map, keys } = locateEnvImage(text, ref);
  if (map === null) return null;
  const field = (key: string): string | null => scalarText(map, key, ref);
  return { name: ref.layout === 'kustomize' ? field('name') : null, repository: field(keys.repository), tag: field(keys.tag), digest: field(keys.digest) };
}

function scalarText(map: YAMLMap, key: string, ref: EnvFileRef): string | null {
  const node = map.get(key, true);
  if (node === undefined || node === null) return null;
  if (!isScalar(node)) throw invalid(ref, `"${key}" of the image is not a single value`);
  if (node.value === null || node.value === '') return null;
  return String(node.value);
}

/** "repository:tag@digest" (the parts that are known; the name stands in for a missing repository). */
export function formatImageRef(image: Pick<EnvImage, 'repository' | 'tag' | 'digest'> & { name?: string | null }, fallbackName = ''): string {
  const repository = image.repository ?? image.name ?? fallbackName;
  return `${repository}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
}
