// "repository:tag@sha256:<hex>" → its parts (pure); null when it carries no digest.
import { imageDigestPattern } from './read-release-image';

export function parseImageRef(ref: string): { repository: string; tag: string | null; digest: string } | null {
  const at = ref.lastIndexOf('@');
  if (at < 0 || !imageDigestPattern.test(ref.slice(at + 1))) return null;
  const name = ref.slice(0, at);
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  return { repository: hasTag ? name.slice(0, colon) : name, tag: hasTag ? name.slice(colon + 1) : null, digest: ref.slice(at + 1) };
}
