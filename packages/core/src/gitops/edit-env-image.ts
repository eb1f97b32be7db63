// Points an env file at another image (pure). Existing values are replaced in place in the text
// (the yaml Document gives their exact source ranges), missing keys are inserted as new lines
// beside their siblings, so comments, quoting, blank lines and indentation all stay as they were
// and the diff shows only the image lines. Shapes that cannot be edited in place (flow mappings,
// a kustomize file without the product's entry among several) go through the Document API.
import { isScalar, stringify, type Scalar, type YAMLMap } from 'yaml';
import { locateEnvImage, type EnvFileRef, type EnvImageLocation } from './locate-env-image';
import { readEnvImage } from './read-env-image';

export interface ImageUpdate {
  /** The image repository; null leaves the file's repository (or kustomize newName) as it is. */
  repository: string | null;
  tag: string;
  digest: string;
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

export function editEnvImage(text: string, ref: EnvFileRef, update: ImageUpdate): string {
  const location = locateEnvImage(text, ref);
  const fields = wantedFields(location, ref, update);
  const edited =
    (location.map && !location.map.flow ? spliceFields(text, location.map, fields) : undefined) ??
    (location.map === null && !(location.doc.contents as { flow?: boolean } | null)?.flow && (location.images === null || ref.layout === 'helm')
      ? appendBlock(text, ref, fields)
      : undefined) ??
    editDocument(text, location, ref, fields);
  const check = readEnvImage(edited, ref);
  if (check?.tag !== update.tag || check.digest !== update.digest) {
    throw new Error(`editEnvImage produced a file that does not name ${update.tag}@${update.digest} (${ref.path}): this is a bug in tagdeploy`);
  }
  return edited;
}

/** [key, value] pairs to write, in the order a new entry lists them. */
function wantedFields(location: EnvImageLocation, ref: EnvFileRef, update: ImageUpdate): [string, string][] {
  const { keys, map } = location;
  const name = map?.get('name');
  const entryName = typeof name === 'string' ? name : ref.product;
  const repository = update.repository !== null && !(ref.layout === 'kustomize' && entryName === update.repository) ? update.repository : null;
  return [
    ...(repository !== null ? [[keys.repository, repository] as [string, string]] : []),
    [keys.tag, update.tag],
    [keys.digest, update.digest],
  ];
}

/** Replaces values in place and inserts missing keys after the last one; undefined when a value is not a plain scalar. */
function spliceFields(text: string, map: YAMLMap, fields: [string, string][]): string | undefined {
  const splices: Splice[] = [];
  const missing: [string, string][] = [];
  for (const [key, value] of fields) {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (!pair) {
      missing.push([key, value]);
      continue;
    }
    const node = pair.value;
    if (!isScalar(node) || !node.range) return undefined;
    const [start, end] = node.range;
    const space = text[start - 1] === ':' ? ' ' : '';
    splices.push({ start, end, text: space + formatScalar(value, node.type) });
  }
  if (missing.length > 0) {
    const first = map.items[0]?.key as Scalar | undefined;
    const last = map.items.at(-1);
    const lastNode = (last?.value ?? last?.key) as Scalar | undefined;
    if (!first?.range || !lastNode?.range) return undefined;
    const indent = ' '.repeat(first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1));
    const lineEnd = text.indexOf('\n', lastNode.range[1]);
    const at = lineEnd === -1 ? text.length : lineEnd;
    splices.push({ start: at, end: at, text: missing.map(([key, value]) => `\n${indent}${key}: ${formatScalar(value)}`).join('') });
  }
  return applySplices(text, splices);
}

/** The file has no image fields yet: add them as a block at the end. */
function appendBlock(text: string, ref: EnvFileRef, fields: [string, string][]): string {
  const lines =
    ref.layout === 'helm'
      ? ['image:', ...fields.map(([key, value]) => `  ${key}: ${formatScalar(value)}`)]
      : ['images:', `- name: ${formatScalar(ref.product)}`, ...fields.map(([key, value]) => `  ${key}: ${formatScalar(value)}`)];
  const separator = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return `${text}${separator}${lines.join('\n')}\n`;
}

function editDocument(text: string, location: EnvImageLocation, ref: EnvFileRef, fields: [string, string][]): string {
  const { doc, map, images } = location;
  if (map) {
    for (const [key, value] of fields) map.set(key, value);
  } else if (ref.layout === 'helm') {
    for (const [key, value] of fields) doc.setIn(['image', key], value);
  } else {
    const entry = doc.createNode({ name: ref.product, ...Object.fromEntries(fields) });
    if (images) images.add(entry);
    else doc.set('images', doc.createNode([entry]));
  }
  // Keep the file's own sequence style ("- " under its key, or indented).
  return doc.toString({ lineWidth: 0, indentSeq: !/(^|\n)- /.test(text) });
}

function formatScalar(value: string, type?: Scalar['type']): string {
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function applySplices(text: string, splices: Splice[]): string {
  let result = text;
  for (const splice of [...splices].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
  }
  return result;
}
