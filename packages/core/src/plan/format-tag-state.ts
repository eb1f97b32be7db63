// How far a release tag got, in words: pushed to the remote ("claimed"), or only in this clone.
// A tag that was never pushed is never called claimed.
import type { CloneFacts } from './release-plan';

export function formatTagState(tag: string, clone: CloneFacts): string {
  if (clone.remote === null) return 'tagged locally (there is no remote to push to)';
  if (clone.remoteError !== null) return `tagged locally (${clone.remote} could not be read to tell whether it was pushed)`;
  if (clone.localOnly.includes(tag)) return `tagged locally, not pushed to ${clone.remote}`;
  if (clone.remoteOnly.includes(tag)) return `claimed on ${clone.remote}; not in this clone`;
  return `claimed on ${clone.remote}`;
}
