// Parses a store URL `s3://bucket/prefix` into the bucket and the key prefix (no slashes at
// either end; empty when the store is the whole bucket).
import { TagdeployError } from '../errors/tagdeploy-error';

export interface S3Location {
  bucket: string;
  /** "" or "a/b": keys are stored as `<prefix>/<key>`. */
  prefix: string;
}

const example = 's3://my-releases/tagdeploy';
// S3's rules for new buckets: 3-63 characters, lower-case letters, digits, dots and hyphens,
// starting and ending with a letter or digit, no "..", not an IP address.
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ipAddress = /^\d+\.\d+\.\d+\.\d+$/;
// Characters AWS lists as "to avoid" in keys, plus controls; a prefix with them is a typo.
const badPrefixChar = /[\u0000-\u001f\u007f\\{}^%`\]["<>~#|?*]/;

export function parseS3Url(url: string): S3Location {
  if (!url.startsWith('s3://')) throw invalid(url, 'it does not start with s3://');
  const rest = url.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = (slash === -1 ? '' : rest.slice(slash + 1)).replace(/\/+$/, '');
  if (bucket === '') throw invalid(url, 'it names no bucket');
  if (!bucketPattern.test(bucket) || bucket.includes('..') || ipAddress.test(bucket)) {
    throw invalid(url, `"${bucket}" is not a valid bucket name (3-63 characters: lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit)`);
  }
  if (prefix !== '') {
    const segments = prefix.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) throw invalid(url, `the prefix "${prefix}" has an empty, "." or ".." part`);
    const bad = badPrefixChar.exec(prefix);
    if (bad) throw invalid(url, `the prefix "${prefix}" contains ${JSON.stringify(bad[0])}`);
  }
  return { bucket, prefix };
}

function invalid(url: string, why: string): TagdeployError {
  return new TagdeployError('INVALID_CONFIG', `store "${url}" is not a valid S3 store URL: ${why}. Use s3://<bucket>/<prefix>, e.g. "store": "${example}".`);
}
