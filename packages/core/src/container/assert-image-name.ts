// Repository and tag names as the OCI distribution spec allows them. Checked before a name
// becomes a URL path or a folder of the layout registry.
import { containerError } from './container-error';

const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function assertImageName(repository: string, tag?: string): void {
  if (!REPOSITORY.test(repository)) {
    throw containerError('INVALID_CONFIG', `"${repository}" is not a valid image repository name: use lower-case letters, digits and . _ - separators, with "/" between path parts.`);
  }
  if (tag !== undefined && !TAG.test(tag)) {
    throw containerError('INVALID_CONFIG', `"${tag}" is not a valid image tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-".`);
  }
}
