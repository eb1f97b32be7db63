// Everything that must hold before a release is built, tagged or published. Checked in full
// before the first write, so that a refused release changes nothing.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { Git } from '../git/git-port';
import { incompleteHistoryError } from '../plan/incomplete-history-error';
import type { ReleasePlan } from '../plan/release-plan';
import type { ObjectStore } from '../store/object-store';
import type { Workspace } from '../workspace/workspace';
import { command, settingsFile } from '../commands/spelling';
import { refNameProblem } from '../config/tag-pattern-problems';

export interface PreconditionInput {
  plan: ReleasePlan;
  git: Git;
  store: ObjectStore;
  workspace: Workspace;
  releaseBranch: string;
  allowBranch: boolean;
  /** The remote to claim the tag on, or null for a local-only release. */
  remote: string | null;
}

export async function checkReleasePreconditions(input: PreconditionInput): Promise<void> {
  const { plan, git, workspace } = input;
  if (plan.status === 'release') checkTagName(plan);
  const targets = workspace.projects[plan.product]?.targets ?? [];
  if (!targets.includes(plan.buildTarget)) {
    throw new TagdeployError(
      'BUILD_TARGET_MISSING',
      `${plan.product} has no target "${plan.buildTarget}" to build it (buildTarget in its tagdeploy.json). Its targets: ${targets.join(', ') || 'none'}. Add the target or point buildTarget at one of them.`,
    );
  }
  const head = await git.readHead();
  if (!head.clean) {
    const shown = head.dirtyFiles.slice(0, 5).join(', ') + (head.dirtyFiles.length > 5 ? ', …' : '');
    throw new TagdeployError(
      'DIRTY_TREE',
      `The working tree has uncommitted changes (${shown}). Commit or stash them: a release is built from a commit, never from local edits.`,
    );
  }
  if (head.commit !== plan.commit) {
    throw new TagdeployError('PRECONDITION_FAILED', `HEAD moved to ${head.commit.slice(0, 7)} while planning ${plan.tag}. Run the release again.`);
  }
  if (!input.allowBranch && head.branch === null) {
    throw new TagdeployError(
      'DETACHED_HEAD',
      `HEAD is detached at ${head.commit.slice(0, 7)}: releases are made from the release branch "${input.releaseBranch}". Run "git switch ${input.releaseBranch}", or pass --allow-branch to release this commit anyway.`,
    );
  }
  if (!input.allowBranch && head.branch !== input.releaseBranch) {
    throw new TagdeployError(
      'WRONG_BRANCH',
      `You are on branch "${head.branch}", but releases are made from "${input.releaseBranch}" (releaseBranch in ${settingsFile}). Run "git switch ${input.releaseBranch}", or pass --allow-branch to release from "${head.branch}".`,
    );
  }
  checkCloneIsComplete(input);
  if (plan.status === 'release') await checkTagIsFree(input);
  await input.store.checkWritable();
}

/**
 * The plan's versions and commits are only as good as the clone: a release needs the history
 * since the last release, and a claim needs the remote's tags to compare against.
 */
function checkCloneIsComplete({ plan, remote }: PreconditionInput): void {
  const { clone } = plan;
  if (clone.history !== 'complete') throw incompleteHistoryError(plan.product, plan.previous?.tag ?? null, clone);
  if (remote !== null && clone.remoteError !== null) {
    throw new TagdeployError(
      'REMOTE_UNAVAILABLE',
      `Could not read the tags of ${clone.remote} (${clone.remoteError}), so ${plan.tag} cannot be checked against the releases there or claimed. Check the remote's URL and access ("git ls-remote --tags ${clone.remote}"), or release locally with ${command('release', plan.product, { 'no-push': true })}.`,
    );
  }
}

/** The settings check the tag pattern with a sample name; the product's own name can still make a tag git refuses. */
function checkTagName(plan: ReleasePlan): void {
  const why = refNameProblem(plan.tag);
  if (!why) return;
  throw new TagdeployError(
    'INVALID_CONFIG',
    `Tag ${JSON.stringify(plan.tag)} of ${plan.product} is not a name git takes for a tag: ${why}. Change tagPattern in ${settingsFile} (or in the product's tagdeploy.json) so that it makes a valid tag from the name ${JSON.stringify(plan.product)}, or rename the product; nothing was built or tagged.`,
  );
}

/** The tag is not in this clone; the remote's is checked by the caller (another run's claim there is not an error). */
async function checkTagIsFree({ plan, git }: PreconditionInput): Promise<void> {
  const local = (await git.readTags(plan.tag)).find((tag) => tag.name === plan.tag);
  if (local) {
    // The plan saw every tag of the product: this one appeared since (another release here?).
    // It may be a release in the making, so the advice never deletes it.
    throw new TagdeployError(
      'TAG_EXISTS',
      `Tag ${plan.tag} appeared in this clone (at ${local.commit.slice(0, 7)}) after ${plan.product} was planned: another release may be running here. Keep the tag and run the release again: it resumes ${plan.tag} if that is HEAD, or plans the next version.`,
    );
  }
}
