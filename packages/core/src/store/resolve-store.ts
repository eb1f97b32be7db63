// The "store" setting → ObjectStore adapter. `file:` is the embedded default (a folder,
// relative to the workspace root); `s3://bucket/prefix`, as a string or as an object with
// endpoint, region and path style for S3-compatible servers, is the S3 store.
import { isAbsolute, resolve } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { FileStore } from './file-store';
import type { ObjectStore } from './object-store';
import { lazyStore } from './lazy-store';
import type { S3StoreConfig } from './s3-store';
import { parseS3Url } from './s3-url';

export function resolveStore(config: string | S3StoreConfig, workspaceRoot: string): ObjectStore {
  if (typeof config !== 'string') {
    if (typeof config?.url !== 'string' || !config.url.startsWith('s3://')) {
      throw new TagdeployError('INVALID_CONFIG', `store ${JSON.stringify(config)} is not a store: the object form is for S3, e.g. { "url": "s3://my-releases/tagdeploy", "endpoint": "http://127.0.0.1:9000" }; for a folder use "file:<folder>".`);
    }
    return s3Store(config);
  }
  const url = config;
  if (url.startsWith('file:')) return new FileStore(resolveFileFolder(url, workspaceRoot), url);
  if (url.startsWith('s3://')) return s3Store({ url });
  throw notAStoreUrl(url);
}

/** The S3 store, its SDK loaded on first use; the URL is checked now, like the adapter does. */
function s3Store(config: S3StoreConfig): ObjectStore {
  const { bucket, prefix } = parseS3Url(config.url);
  const known = { url: `s3://${bucket}${prefix ? `/${prefix}` : ''}`, concurrency: config.concurrency ?? 16 };
  return lazyStore(known, async () => new (await import('./s3-store')).S3Store(config));
}

function resolveFileFolder(url: string, workspaceRoot: string): string {
  let path = url.slice('file:'.length);
  // file:///abs/path is the URL form of an absolute path; file://host/... is not a local folder.
  if (path.startsWith('//')) {
    if (!path.startsWith('///')) throw notAStoreUrl(url);
    path = path.slice(2);
  }
  if (path.trim() === '') throw notAStoreUrl(url);
  return isAbsolute(path) ? resolve(path) : resolve(workspaceRoot, path);
}

function notAStoreUrl(url: string): TagdeployError {
  return new TagdeployError('INVALID_CONFIG', `store "${url}" is not a store URL. Use file:<folder> or s3://bucket/prefix.`);
}
