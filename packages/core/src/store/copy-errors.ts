// The errors of ObjectStore.create and copy that every adapter throws alike.
import { TagdeployError } from '../errors/tagdeploy-error';

export function copySourceMissing(url: string, fromKey: string, toKey: string): TagdeployError {
  return new TagdeployError('PRECONDITION_FAILED', `Cannot copy ${url}/${fromKey} to ${toKey}: the source does not exist. Upload the file instead of copying it.`);
}

export function copySourceMismatch(url: string, fromKey: string, toKey: string, actual: string, expected: string): TagdeployError {
  return new TagdeployError(
    'CHECKSUM_MISMATCH',
    `Cannot copy ${url}/${fromKey} to ${toKey}: the source has sha256 ${actual}, not ${expected}. Upload the file instead of copying it.`,
  );
}

export function checksumMismatch(url: string, key: string, actual: string, expected: string): TagdeployError {
  return new TagdeployError(
    'CHECKSUM_MISMATCH',
    `The bytes for ${url}/${key} have sha256 ${actual}, not ${expected} as recorded; the file changed after it was read (is a build still writing?). Build again and rerun.`,
  );
}
