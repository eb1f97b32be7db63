// Store URL from config → ObjectStore adapter. `file:` is the embedded default (a folder,
// relative to the workspace root); `s3://` comes later.
import { isAbsolute, resolve } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { FileStore } from './file-store';
import type { ObjectStore } from './object-store';

export function resolveStore(url: string, workspaceRoot: string): ObjectStore {
  if (url.startsWith('file:')) return new FileStore(resolveFileFolder(url, workspaceRoot), url);
  if (url.startsWith('s3://')) {
    throw new TagdeployError('NOT_IMPLEMENTED', `The s3:// store is not available yet (store "${url}"). Use file:<folder> for now, e.g. "store": "file:.tagdeploy/store".`);
  }
  throw notAStoreUrl(url);
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
