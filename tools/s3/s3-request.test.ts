import { describe, expect, it } from 'vitest';
import { etagMatches, parseS3Request, readAccessKeyId, replaceAccessKeyId, replaceAccessKeyIdInUrl } from './s3-request';

describe('parseS3Request', () => {
  it.each([
    ['PUT', '/b/releases/1.0.0/app.tgz?x-id=PutObject', {}, 'put'],
    ['PUT', '/b/k?x-id=CopyObject', { 'x-amz-copy-source': 'b/src' }, 'copy'],
    ['POST', '/b/k?uploadId=abc', {}, 'complete-multipart'],
    ['DELETE', '/b/k?x-id=DeleteObject', {}, 'delete'],
    ['PUT', '/b/k?x-id=UploadPart&partNumber=1&uploadId=abc', {}, undefined],
    ['PUT', '/b/k?tagging', {}, undefined],
    ['POST', '/b/k?uploads', {}, undefined],
    ['DELETE', '/b/k?uploadId=abc', {}, undefined],
    ['GET', '/b/k', {}, undefined],
  ] as const)('%s %s is write %s', (method, url, headers, write) => {
    expect(parseS3Request(method, url, headers).write).toBe(write);
  });

  it('decodes the key and keeps the raw path', () => {
    expect(parseS3Request('PUT', '/my-bucket/a%20b/c%2Bd.json', {})).toMatchObject({ bucket: 'my-bucket', key: 'a b/c+d.json', rawPath: '/my-bucket/a%20b/c%2Bd.json' });
  });

  it('marks bucket creation and deletion as the harness own set-up', () => {
    expect(parseS3Request('PUT', '/b', {}).bucketAdmin).toBe(true);
    expect(parseS3Request('DELETE', '/b/', {}).bucketAdmin).toBe(true);
    expect(parseS3Request('GET', '/b?list-type=2', {}).bucketAdmin).toBe(false);
    expect(parseS3Request('PUT', '/b?versioning', {}).bucketAdmin).toBe(false);
  });
});

describe('access key ids', () => {
  const v4 = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc';

  it('reads them from SigV4 and SigV2 headers and from presigned URLs', () => {
    expect(readAccessKeyId('/b/k', v4)).toBe('AKIDEXAMPLE');
    expect(readAccessKeyId('/b/k', 'AWS AKIDV2:c2ln')).toBe('AKIDV2');
    expect(readAccessKeyId('/b/k?X-Amz-Credential=AKIDQ%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=x', undefined)).toBe('AKIDQ');
    expect(readAccessKeyId('/b/k', undefined)).toBeUndefined();
  });

  it('rewrites them for the upstream', () => {
    expect(replaceAccessKeyId(v4, 'AKIDEXAMPLE', 'S3RVER')).toContain('Credential=S3RVER/20260101/');
    expect(replaceAccessKeyIdInUrl('/b/k?X-Amz-Credential=AKIDQ%2F2026&x=1', 'AKIDQ', 'S3RVER')).toBe('/b/k?X-Amz-Credential=S3RVER%2F2026&x=1');
  });
});

describe('etagMatches', () => {
  it('ignores quotes and weak prefixes, accepts lists and *', () => {
    expect(etagMatches('"abc"', 'abc')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
  });
});
