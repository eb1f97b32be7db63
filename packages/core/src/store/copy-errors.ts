// The errors of ObjectStore.copy that every adapter throws alike.
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
