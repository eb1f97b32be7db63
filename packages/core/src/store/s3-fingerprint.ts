// What an S3 listing proves about an object's bytes: a single-part upload's ETag is the MD5 of its
// bytes (32 hex digits); a multipart one is "<md5 of the part md5s>-<parts>" and proves nothing
// about the whole body, so it gives no fingerprint. Under SSE-KMS/SSE-C the ETag is 32 hex digits
// that are not the MD5: a publisher comparing it then finds no match and takes the exact (slower)
// path, so a wrong guess costs time, never correctness.
import type { ContentFingerprint } from './object-store';

export function fingerprintOfEtag(etag: string | undefined): ContentFingerprint | undefined {
  const hex = (etag ?? '').replace(/^(W\/)?"|"$/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) ? { algorithm: 'md5', hex } : undefined;
}
