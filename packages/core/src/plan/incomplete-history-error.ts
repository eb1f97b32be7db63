// The refusal for a clone that lacks history a release needs (shallow, or without the last
// release's commit), with the exact git command that brings it in.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { CloneFacts } from './release-plan';

export function incompleteHistoryError(product: string, lastTag: string | null, clone: CloneFacts & { fetch: string | null }): TagdeployError {
  const what = clone.history === 'shallow'
    ? `This clone is shallow (git clone --depth): the history of ${product} ${lastTag ? `since ${lastTag}` : 'from its first commit'} is cut short`
    : `The commit of ${lastTag ?? 'the last release'} (a tag of ${clone.remote}) is not in this clone`;
  const fix = clone.fetch ? `Run "${clone.fetch}"` : 'Clone the repository again without --depth (this clone has no remote to fetch from)';
  return new TagdeployError('HISTORY_INCOMPLETE', `${what}, so tagdeploy cannot see every commit that counts for it. ${fix}, then release again.`);
}
