// Errors of the container half.
import { TagdeployError, type ErrorCode } from '../errors/tagdeploy-error';

export type ContainerErrorCode = Extract<ErrorCode, `IMAGE_${string}` | `REGISTRY_${string}` | 'BUILDER_MISSING' | 'INVALID_CONFIG'>;

export function containerError(code: ContainerErrorCode, message: string): TagdeployError {
  return new TagdeployError(code, message);
}

/** The tag is already taken by another image: never moved, so the release must stop. */
export function tagExists(reference: string, existing: string, wanted: string): TagdeployError {
  return containerError(
    'IMAGE_TAG_EXISTS',
    `${reference} already exists with digest ${existing}, not ${wanted}. Tags are never moved: release a new version instead (or delete the tag in the registry yourself if it was pushed by mistake).`,
  );
}
