// Finds the image fields in an env file (pure), for reading and for editing: the kustomize
// `images` entry of the product, or helm's `image` map. A file that is not valid YAML, or whose
// image fields have an unexpected shape, is GITOPS_FILE_INVALID: it is never rewritten.
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { GitopsLayout } from './gitops-config';

export interface EnvFileRef {
  layout: GitopsLayout;
  /** Path of the env file in the repo (for messages). */
  path: string;
  product: string;
  /** The image repository of the product's releases, to match a kustomize entry by name. */
  repository?: string | null;
}

export interface ImageKeys {
  repository: 'newName' | 'repository';
  tag: 'newTag' | 'tag';
  digest: 'digest';
}

export interface EnvImageLocation {
  doc: Document.Parsed;
  /** The map holding the image fields; null when the file has none yet. */
  map: YAMLMap | null;
  /** kustomize: the `images` sequence (null when absent); helm: always null. */
  images: YAMLSeq | null;
  keys: ImageKeys;
}

const kustomizeKeys: ImageKeys = { repository: 'newName', tag: 'newTag', digest: 'digest' };
const helmKeys: ImageKeys = { repository: 'repository', tag: 'tag', digest: 'digest' };

export function locateEnvImage(text: string, ref: EnvFileRef): EnvImageLocation {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const offset = first.pos[0];
    const line = text.slice(0, offset).split('\n').length;
    const at = ` (line ${line}, column ${offset - text.lastIndexOf('\n', offset - 1)})`;
    throw invalid(ref, `it is not valid YAML${at}: ${first.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw invalid(ref, 'its top level is not a mapping');
  if (ref.layout === 'helm') {
    const image = root?.get('image', true) ?? null;
    if (image !== null && !isMap(image)) throw invalid(ref, '"image" is not a mapping');
    return { doc, map: image, images: null, keys: helmKeys };
  }
  const images = root?.get('images', true) ?? null;
  if (images !== null && !isSeq(images)) throw invalid(ref, '"images" is not a list');
  return { doc, map: images ? pickEntry(images, ref) : null, images, keys: kustomizeKeys };
}

/** The entry named after the product or its repository; else the only entry; else none. */
function pickEntry(images: YAMLSeq, ref: EnvFileRef): YAMLMap | null {
  const entries = images.items.map((item, index) => {
    if (!isMap(item)) throw invalid(ref, `entry ${index + 1} of "images" is not a mapping`);
    const name = item.get('name', true);
    if (!isScalar(name) || typeof name.value !== 'string') throw invalid(ref, `entry ${index + 1} of "images" has no "name"`);
    return { map: item, name: name.value };
  });
  const matches = (name: string) =>
    name === ref.product || name === ref.repository || name.endsWith(`/${ref.product}`);
  return entries.find((entry) => matches(entry.name))?.map ?? (entries.length === 1 ? entries[0].map : null);
}

export function invalid(ref: Pick<EnvFileRef, 'path' | 'product'>, detail: string): TagdeployError {
  return new TagdeployError(
    'GITOPS_FILE_INVALID',
    `${ref.path} cannot be read: ${detail}. tagdeploy leaves it as it is; fix the file in the GitOps repo (or restore it from its history), then run the command again.`,
  );
}
