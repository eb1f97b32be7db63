import { describe, expect, it } from 'vitest';
import { isTagdeployError } from '../errors/tagdeploy-error';
import { formatTag, parseTag, parseTagPattern, tagGlob } from './tag-pattern';

const patterns = ['{product}@{version}', '{product}-v{version}', 'v{version}-{product}', 'release/{product}/{version}', '{version}+{product}'];
const products = ['checkout', 'payments-api', 'apps/checkout', '@shop/ui', 'my.app', 'a-1.0.0', 'weird$&{x}'];
const versions = ['0.1.0', '1.2.3', '10.20.30', '1.0.0-rc.0', '2.0.0-beta.1.x-y', '1.0.0+build.5', '1.0.0-rc.1+sha.abc123'];
const shapes = patterns.flatMap((pattern) => products.flatMap((product) => versions.map((version) => [pattern, product, version])));

describe('parseTagPattern', () => {
  it('compiles a pattern with each placeholder once', () => {
    expect(parseTagPattern('{product}@{version}').source).toBe('{product}@{version}');
  });

  it.each(['v{version}', '{product}', '', '{product}@{version}-{version}', '{product}{product}{version}'])('rejects %j', (pattern) => {
    expect(() => parseTagPattern(pattern)).toThrow(/must contain \{product\} and \{version\} exactly once/);
  });

  it('throws INVALID_CONFIG naming the pattern and the fix', () => {
    let error: unknown;
    try {
      parseTagPattern('v{version}');
    } catch (caught) {
      error = caught;
    }
    expect(isTagdeployError(error) && error.code).toBe('INVALID_CONFIG');
    expect((error as Error).message).toContain('tagPattern "v{version}"');
    expect((error as Error).message).toContain('Use e.g. "{product}@{version}".');
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('formatTag', () => {
  it('fills in product and version', () => {
    expect(formatTag('{product}@{version}', 'checkout', '1.2.0')).toBe('checkout@1.2.0');
  });

  it('takes replacement-like text in product names literally', () => {
    expect(formatTag('{product}@{version}', '$&-{version}', '1.0.0')).toBe('$&-{version}@1.0.0');
  });
});

describe('parseTag', () => {
  it.each(shapes)('round-trips %s with product %s and version %s', (pattern, product, version) => {
    expect(parseTag(pattern, product, formatTag(pattern, product, version))).toBe(version);
  });

  it.each([
    ['{product}@{version}', 'checkout', 'storefront@1.0.0'],
    ['{product}@{version}', 'checkout', 'checkout@latest'],
    ['{product}@{version}', 'checkout', 'checkout@v1.0.0'],
    ['{product}@{version}', 'checkout', 'checkout@1.0'],
    ['{product}@{version}', 'checkout', 'checkout@'],
    ['{product}-{version}', 'a', 'a-b-1.0.0'],
    ['{product}-v{version}', 'checkout', 'checkout-1.0.0'],
  ])('with %s, product %s does not own %s', (pattern, product, tag) => {
    expect(parseTag(pattern, product, tag)).toBeNull();
  });

  it('tells a product from one whose name it prefixes', () => {
    expect(parseTag('{product}-{version}', 'ui', 'ui-kit-1.0.0')).toBeNull();
  });
});

describe('tagGlob', () => {
  it.each([
    ['{product}@{version}', 'checkout', 'checkout@*'],
    ['release/{product}/v{version}', '@shop/ui', 'release/@shop/ui/v*'],
    ['{product}@{version}', 'odd*name?[x]', 'odd\\*name\\?\\[x\\]@*'],
  ])('for %s and %s is %s', (pattern, product, glob) => {
    expect(tagGlob(pattern, product)).toBe(glob);
  });
});
