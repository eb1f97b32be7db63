// Refusals of the generators: a TagdeployError (code + what to do), thrown before the first write
// so that a refused run leaves the tree unchanged.
import { TagdeployError, type ErrorCode } from '@tagdeploy/core';

export function refuse(code: ErrorCode, message: string): never {
  throw new TagdeployError(code, message);
}
