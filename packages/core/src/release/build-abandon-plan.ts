// Plan: whether a claimed release may be abandoned, from facts read beforehand. Pure. Only a
// release that is claimed (its tag is on the remote, or there is no remote) and not sealed can
// be: a sealed release is never taken back, and a tag only this clone has claims nothing.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { TagRef } from '../git/git-port';
import { command } from '../commands/spelling';
import type { AbandonedRelease } from './abandoned-release';

export interface AbandonFacts {
  product: string;
  version: string;
  /** The release tag of that version (formatted from the product's tag pattern). */
  tag: string;
  /** The product's release tags: this clone's and, when it has one, the remote's. */
  localTags: readonly TagRef[];
  remote: string | null;
  /** The remote's tags of the product, or null when there is no remote or it did not answer. */
  remoteTags: readonly TagRef[] | null;
  sealed: boolean;
  abandoned: AbandonedRelease | undefined;
}

export type AbandonPlan =
  | { status: 'abandon'; product: string; version: string; tag: string; commit: string }
  | { status: 'already-abandoned'; product: string; version: string; tag: string; commit: string; record: AbandonedRelease };

export function buildAbandonPlan(facts: AbandonFacts): AbandonPlan {
  const { product, version, tag } = facts;
  const found = facts.remoteTags?.find((ref) => ref.name === tag) ?? facts.localTags.find((ref) => ref.name === tag);
  if (!found) throw noSuchRelease(facts);
  if (facts.sealed) {
    throw new TagdeployError(
      'RELEASE_SEALED',
      `${product} ${version} is sealed: a sealed release is never abandoned. To stop an environment running it, roll it back (${command('rollback', product, { env: '<env>' })}); to ship a fix, release the next version (${command('release', product)}).`,
    );
  }
  const base = { product, version, tag, commit: found.commit };
  if (facts.abandoned) return { status: 'already-abandoned', ...base, record: facts.abandoned };
  const onRemote = facts.remoteTags?.some((ref) => ref.name === tag) ?? false;
  if (facts.remote !== null && facts.remoteTags !== null && !onRemote) {
    throw new TagdeployError(
      'RELEASE_NOT_CLAIMED',
      `${tag} is only in this clone (never pushed to ${facts.remote}), so it claims nothing and blocks nobody else. Remove it here with "git tag -d ${tag}", then ${command('release', product)}.`,
    );
  }
  return { status: 'abandon', ...base };
}

function noSuchRelease(facts: AbandonFacts): TagdeployError {
  const names = new Set([...(facts.remoteTags ?? []), ...facts.localTags].map((ref) => ref.name));
  const known = [...names].sort();
  return new TagdeployError(
    'NO_SUCH_RELEASE',
    `${facts.product} has no release ${facts.version} (no tag ${facts.tag} here${facts.remote ? ` or on ${facts.remote}` : ''}). Its release tags: ${known.length ? known.join(', ') : '(none)'}.`,
  );
}
