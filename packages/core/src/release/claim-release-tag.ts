// The claim: pushing the tag alone decides which release of a version goes ahead. Exactly one
// push can create a ref on the remote, so two runs releasing one commit at once cannot both win:
// the loser learns it from its push (rejected, or "up to date" because the winner pushed the
// very same tag object in the same second) or from finding the tag there already. The loser
// publishes nothing and takes the remote's tag; a tag at another commit is a different release.
import { isTagdeployError, TagdeployError } from '../errors/tagdeploy-error';
import type { Git, TagRef } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import type { Reporter } from './ports';

/** 'ours': this run claimed the version (or holds the claim it resumes); 'elsewhere': another run did. */
export type ClaimResult = 'ours' | 'elsewhere';

export async function claimReleaseTag(git: Git, release: ReleasePlan, remote: string, reporter: Reporter): Promise<ClaimResult> {
  const before = await readRemoteTag(git, remote, release);
  // A new release finds the tag there only when another run pushed it since the plan.
  if (before) return release.status === 'resume' ? ours(release, remote, reporter) : 'elsewhere';
  const pushed = await git.pushTag(remote, release.tag).catch(async (error: unknown) => {
    if (!isTagdeployError(error) || error.code !== 'PUSH_REJECTED' || !(await readRemoteTag(git, remote, release))) throw error;
    return 'rejected' as const;
  });
  // "Up to date" on a tag this run just made: another run made the identical object and pushed it first.
  if (pushed === 'created' || (pushed === 'unchanged' && release.status === 'resume')) return ours(release, remote, reporter);
  return 'elsewhere';
}

/**
 * The remote's tag of this version when it is at the release's commit, undefined when the
 * remote has none; a tag at another commit is someone else's release of this version (TAG_EXISTS).
 */
export async function readRemoteTag(git: Git, remote: string, release: ReleasePlan): Promise<TagRef | undefined> {
  const found = (await git.readRemoteTags(remote, release.tag)).find((tag) => tag.name === release.tag);
  if (found && found.commit !== release.commit) {
    throw new TagdeployError(
      'TAG_EXISTS',
      `Tag ${release.tag} on ${remote} points at ${found.commit.slice(0, 7)}, not at ${release.commit.slice(0, 7)}: someone else released ${release.product} ${release.version}. Run "git fetch --tags --force ${remote}" and plan again.`,
    );
  }
  return found;
}

/** Makes this clone's tag the remote's (the winner's); when that fails the local tag is gone, never different. */
export async function adoptRemoteTag(git: Git, remote: string, tag: string, reporter: Reporter): Promise<void> {
  try {
    await git.fetchTag(remote, tag);
  } catch (error) {
    const local = (await git.readTags(tag)).some((ref) => ref.name === tag);
    if (local) await git.deleteTag(tag);
    reporter.warn(`could not fetch ${tag} from ${remote} (${(error as Error).message}); this clone has no tag ${tag} now: run "git fetch --tags ${remote}" to get it`);
  }
}

function ours(release: ReleasePlan, remote: string, reporter: Reporter): ClaimResult {
  reporter.info(`claimed ${release.tag} on ${remote}`);
  return 'ours';
}
