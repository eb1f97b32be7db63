import { describe, expect, it } from 'vitest';
import { fingerprintOfEtag } from './s3-fingerprint';

describe('fingerprintOfEtag (pure)', () => {
  it('reads a single-part ETag as the MD5 of the bytes', () => {
    expect(fingerprintOfEtag('"35D1243ADF32B88FFAE921BE2BA2B4D4"')).toEqual({ algorithm: 'md5', hex: '35d1243adf32b88ffae921be2ba2b4d4' });
  });

  it.each([
    ['a multipart ETag', '"35d1243adf32b88ffae921be2ba2b4d4-3"'],
    ['no ETag', undefined],
    ['an ETag that is not 32 hex digits', '"abc"'],
  ])('gives no fingerprint for %s', (_, etag) => {
    expect(fingerprintOfEtag(etag)).toBeUndefined();
  });
});
