// The git command that brings into this clone what a release needs from the remote: its
// history since the last release (a shallow clone) and the product's release tags.
import type { CloneFacts } from './release-plan';

/** The exact command, or null when nothing is missing (or there is no remote to fetch from). */
export function resolveCloneFix(clone: CloneFacts): string | null {
  if (clone.remote === null) return null;
  const incomplete = clone.history !== 'complete';
  if (!incomplete && clone.remoteOnly.length === 0 && clone.diverged.length === 0) return null;
  const args = ['git', 'fetch'];
  if (incomplete && clone.shallow) args.push('--unshallow');
  args.push('--tags');
  // A tag that exists here at another commit is only replaced by a forced fetch.
  if (clone.diverged.length > 0) args.push('--force');
  args.push(clone.remote);
  return args.join(' ');
}
