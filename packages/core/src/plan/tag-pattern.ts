// Release tag names: one pattern such as "{product}@{version}" turns into a tag, back into a
// version, and into a git glob. Placeholders are substituted as tokens (never with
// String.replace) so that product names containing "$&" or "{version}" cannot corrupt a tag.
import { parse } from 'semver';
import { TagdeployError } from '../errors/tagdeploy-error';

type Token = { literal: string } | 'product' | 'version';

export interface TagPattern {
  readonly source: string;
  readonly tokens: readonly Token[];
}

const placeholders = /\{(product|version)\}/g;

export function parseTagPattern(pattern: string): TagPattern {
  const products = pattern.split('{product}').length - 1;
  const versions = pattern.split('{version}').length - 1;
  if (products !== 1 || versions !== 1) {
    throw new TagdeployError(
      'INVALID_CONFIG',
      `tagPattern "${pattern}" must contain {product} and {version} exactly once each (found ${products} and ${versions}). Use e.g. "{product}@{version}".`,
    );
  }
  const tokens: Token[] = [];
  let last = 0;
  for (const match of pattern.matchAll(placeholders)) {
    if (match.index > last) tokens.push({ literal: pattern.slice(last, match.index) });
    tokens.push(match[1] as 'product' | 'version');
    last = match.index + match[0].length;
  }
  if (last < pattern.length) tokens.push({ literal: pattern.slice(last) });
  return { source: pattern, tokens };
}

function compiled(pattern: string | TagPattern): TagPattern {
  return typeof pattern === 'string' ? parseTagPattern(pattern) : pattern;
}

function render(tokens: readonly Token[], product: string, version: string): string {
  return tokens.map((token) => (token === 'product' ? product : token === 'version' ? version : token.literal)).join('');
}

export function formatTag(pattern: string | TagPattern, product: string, version: string): string {
  return render(compiled(pattern).tokens, product, version);
}

/** The version a tag names for this product, or null when the tag is not one of its release tags. */
export function parseTag(pattern: string | TagPattern, product: string, tagName: string): string | null {
  const { tokens } = compiled(pattern);
  const at = tokens.indexOf('version');
  // With the product known, everything around {version} is fixed text: no regex, no ambiguity.
  const prefix = render(tokens.slice(0, at), product, '');
  const suffix = render(tokens.slice(at + 1), product, '');
  if (tagName.length < prefix.length + suffix.length) return null;
  if (!tagName.startsWith(prefix) || !tagName.endsWith(suffix)) return null;
  const version = tagName.slice(prefix.length, tagName.length - suffix.length);
  return isExactSemver(version) ? version : null;
}

/** True for a strict semver string as written ("1.2.3-rc.1+b.5"), not "v1.2.3" or " 1.2.3". */
export function isExactSemver(value: string): boolean {
  const parsed = parse(value);
  if (!parsed) return false;
  const build = parsed.build.length ? `+${parsed.build.join('.')}` : '';
  return `${parsed.version}${build}` === value;
}

/**
 * A glob for `git tag -l` / `refs/tags/<glob>` that lists at least this product's tags. It may
 * list more ("a-*" also matches "a-b-1.0.0"): run every name through parseTag.
 */
export function tagGlob(pattern: string | TagPattern, product: string): string {
  const escape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');
  return compiled(pattern)
    .tokens.map((token) => (token === 'product' ? escape(product) : token === 'version' ? '*' : escape(token.literal)))
    .join('');
}
