// The keys every store refuses: a key is a relative, "/"-separated path of printable text. Each
// adapter adds its own limits (length, bookkeeping names) and checks them with the same function
// before a release is claimed (findWriteProblems) and when it writes.
import { TagdeployError } from '../errors/tagdeploy-error';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why no store takes this key, or undefined. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is empty';
  if (loneSurrogate.test(key)) return 'is not valid UTF-8 text';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(key)) return 'contains a control character (a newline, a tab, ...)';
  if (key.includes('\\')) return 'contains a backslash';
  const segments = key.split('/');
  if (segments.some((s) => s === '')) return 'has an empty "/"-separated part (a leading, trailing or double "/")';
  if (segments.some((s) => s === '.' || s === '..')) return 'has a "." or ".." part';
  return undefined;
}

/** The one-line INVALID_KEY error of a store for a key it refuses. */
export function invalidKey(url: string, key: string, why: string): TagdeployError {
  return new TagdeployError(
    'INVALID_KEY',
    `${JSON.stringify(key)} is not a valid key for store ${url}: it ${why}. Keys are relative, "/"-separated paths of printable text, without empty, "." or ".." parts.`,
  );
}
