// Pure reading of an S3 REST request (path-style): which bucket and key, whether it writes the
// object (and so must honour If-None-Match / If-Match), and which access key id signed it.

export type ObjectWrite = 'put' | 'copy' | 'complete-multipart' | 'delete';

export interface S3Request {
  bucket?: string;
  /** Decoded object key; undefined for service and bucket requests. */
  key?: string;
  /** Path as sent (still percent-encoded), reused verbatim for the proxy's own HEAD. */
  rawPath: string;
  /** Set when the request replaces or removes the object at `key`. */
  write?: ObjectWrite;
  /** CreateBucket / DeleteBucket: the harness's own set-up, never faulted. */
  bucketAdmin: boolean;
}

// The SDK adds `x-id=<Operation>` to some requests; it names the call and changes nothing.
const NEUTRAL_QUERY = new Set(['x-id']);

export function parseS3Request(method: string, url: string, headers: Record<string, string | string[] | undefined>): S3Request {
  const parsed = new URL(url, 'http://proxy.invalid');
  const rawPath = parsed.pathname;
  const [rawBucket = '', ...rawKey] = rawPath.slice(1).split('/');
  const bucket = rawBucket === '' ? undefined : decodeURIComponent(rawBucket);
  const key = rawKey.length === 0 || rawKey.join('/') === '' ? undefined : decodeURIComponent(rawKey.join('/'));
  const query = [...parsed.searchParams.keys()].filter((name) => !NEUTRAL_QUERY.has(name));
  const bucketAdmin = bucket !== undefined && key === undefined && query.length === 0 && (method === 'PUT' || method === 'DELETE');
  return { bucket, key, rawPath, bucketAdmin, write: key === undefined ? undefined : objectWrite(method, query, headers) };
}

function objectWrite(method: string, query: string[], headers: Record<string, string | string[] | undefined>): ObjectWrite | undefined {
  // Part uploads (?partNumber&uploadId), tagging, ACLs... carry a query and do not replace the object.
  if (method === 'PUT' && query.length === 0) return headers['x-amz-copy-source'] === undefined ? 'put' : 'copy';
  if (method === 'POST' && query.includes('uploadId')) return 'complete-multipart';
  if (method === 'DELETE' && query.every((name) => name === 'versionId')) return 'delete';
  return undefined;
}

/** The access key id named by a SigV4/SigV2 Authorization header or a presigned URL, if any. */
export function readAccessKeyId(url: string, authorization: string | undefined): string | undefined {
  if (authorization !== undefined) {
    const v4 = /Credential=([^/,\s]+)\//.exec(authorization);
    if (v4) return v4[1];
    const v2 = /^AWS ([^:\s]+):/.exec(authorization);
    if (v2) return v2[1];
    return undefined;
  }
  const query = new URL(url, 'http://proxy.invalid').searchParams;
  const credential = query.get('X-Amz-Credential');
  if (credential !== null) return credential.split('/')[0];
  return query.get('AWSAccessKeyId') ?? undefined;
}

/** Rewrites the access key id in an Authorization header (s3rver only knows its own account). */
export function replaceAccessKeyId(authorization: string, from: string, to: string): string {
  return authorization.replace(`Credential=${from}/`, `Credential=${to}/`).replace(`AWS ${from}:`, `AWS ${to}:`);
}

/** Rewrites the access key id in a presigned URL's query. */
export function replaceAccessKeyIdInUrl(url: string, from: string, to: string): string {
  const encodedFrom = encodeURIComponent(from);
  return url
    .replace(`X-Amz-Credential=${encodedFrom}%2F`, `X-Amz-Credential=${encodeURIComponent(to)}%2F`)
    .replace(`AWSAccessKeyId=${encodedFrom}&`, `AWSAccessKeyId=${encodeURIComponent(to)}&`)
    .replace(new RegExp(`AWSAccessKeyId=${escapeRegExp(encodedFrom)}$`), `AWSAccessKeyId=${encodeURIComponent(to)}`);
}

/** ETags compare without quotes or a weak prefix; If-Match may list several, or `*`. */
export function etagMatches(ifMatch: string, currentEtag: string): boolean {
  const current = normaliseEtag(currentEtag);
  return ifMatch.split(',').some((candidate) => candidate.trim() === '*' || normaliseEtag(candidate) === current);
}

function normaliseEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/"/g, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
