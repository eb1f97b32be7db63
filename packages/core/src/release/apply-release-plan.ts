// Apply: carries out a ReleasePlan: check, build once, tag, claim, publish, seal. Returns what it
// did. "Already released" and "nothing to release" are normal results, not errors.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import type { ObjectStore } from '../store/object-store';
import type { Workspace } from '../workspace/workspace';
import { readBuildOutput } from './read-build-output';
import { checkReleasePreconditions } from './check-release-preconditions';
import { publishReleaseFiles, type PublishResult } from './publish-release-files';
import { buildReleaseManifest, manifestKey, releasePrefix } from './release-manifest';
import type { Clock, ProductBuilder, Reporter } from './ports';
import { crashPoint } from './crash-point';

export interface ReleasePorts {
  git: Git;
  store: ObjectStore;
  builder: ProductBuilder;
  reporter: Reporter;
  clock: Clock;
}

export interface ApplyOptions {
  workspace: Workspace;
  releaseBranch: string;
  allowBranch: boolean;
  /** Claim the tag on the remote (when there is one). */
  push: boolean;
}

export interface ReleaseOutcome {
  status: 'released' | 'resumed' | 'already-released' | 'nothing-to-release';
  plan: ReleasePlan;
  /** Where the tag was claimed, or null when it stayed local. */
  claimedOn: string | null;
  files: PublishResult | null;
  /** The key of release.json in the store, when sealed by this run or before. */
  manifest: string | null;
}

export async function applyReleasePlan(plan: ReleasePlan, ports: ReleasePorts, options: ApplyOptions): Promise<ReleaseOutcome> {
  const sealed = { plan, claimedOn: null, files: null, manifest: manifestKey(plan.product, plan.version) };
  if (plan.status === 'already-released') return { ...sealed, status: 'already-released' };
  if (plan.status === 'nothing-to-release') return { ...sealed, status: 'nothing-to-release', manifest: null };

  const { git, store, builder, reporter } = ports;
  const remote = options.push ? await git.readRemote() : null;
  await checkReleasePreconditions({ ...options, plan, git, store, remote });

  reporter.info(`building ${plan.product} ${plan.version} (target ${plan.buildTarget}, no cache)`);
  await builder.build({ product: plan.product, target: plan.buildTarget, version: plan.version, tag: plan.tag, commit: plan.commit });
  const outputPath = plan.outputPath ?? '';
  const files = await readBuildOutput(join(options.workspace.root, outputPath), outputPath, plan.product);

  if (plan.status === 'release') await git.createTag(plan.tag, plan.commit, plan.changelog);
  const claimedOn = remote ? await claimTag(git, plan, remote, reporter) : null;
  crashPoint('claim', 1);

  const prefix = releasePrefix(plan.product, plan.version);
  const published = await publishReleaseFiles(store, prefix, files, reporter);
  const manifest = buildReleaseManifest(plan, files.map(({ absPath: _, ...file }) => file), ports.clock.now());
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.create(manifestKey(plan.product, plan.version), body, {
    contentType: 'application/json',
    cacheControl: 'no-cache',
    sha256: createHash('sha256').update(body).digest('hex'),
  });
  reporter.info(`sealed ${plan.tag}: ${store.url}/${manifestKey(plan.product, plan.version)}`);
  return {
    status: plan.status === 'release' ? 'released' : 'resumed',
    plan,
    claimedOn,
    files: published,
    manifest: manifestKey(plan.product, plan.version),
  };
}

/**
 * Claims the version by pushing the tag alone. A rejected push means someone else claimed this
 * version first: the local tag is removed so that nothing is left behind, and the error stands.
 */
async function claimTag(git: Git, plan: ReleasePlan, remote: string, reporter: Reporter): Promise<string> {
  const onRemote = (await git.readRemoteTags(remote, plan.tag)).find((tag) => tag.name === plan.tag);
  if (onRemote && onRemote.commit !== plan.commit) {
    throw new TagdeployError(
      'TAG_EXISTS',
      `Tag ${plan.tag} on ${remote} points at ${onRemote.commit.slice(0, 7)}, not at ${plan.commit.slice(0, 7)}: someone else released ${plan.product} ${plan.version}. Run "git fetch --tags --force ${remote}" and plan again.`,
    );
  }
  if (!onRemote) {
    try {
      await git.pushTag(remote, plan.tag);
    } catch (error) {
      if (plan.status === 'release') await git.deleteTag(plan.tag);
      throw error;
    }
  }
  reporter.info(`claimed ${plan.tag} on ${remote}`);
  return remote;
}
