// Apply: carries out a ReleasePlan: check, build once, tag, claim, publish, seal. Returns what it
// did. "Already released" and "nothing to release" are normal results, not errors.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import type { Workspace } from '../workspace/workspace';
import { readBuildOutput } from './read-build-output';
import { checkReleasePreconditions } from './check-release-preconditions';
import type { LocalFile, PublishResult } from './publish-release-files';
import { checkArtifactDestination, publishArtifact, type ContainerSettings, type PublishContext } from './publish-artifact';
import type { PublishedImage } from '../container/publish-container-release';
import { writeReleaseCommit } from './write-release-commit';
import { buildReleaseManifest, manifestKey } from './release-manifest';
import type { Clock, ProductBuilder, Reporter } from './ports';
import { crashPoint } from './crash-point';
import type { ObjectStore } from '../store/object-store';

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
  /** Write package.json and CHANGELOG.md and commit them before tagging. */
  commit: boolean;
  /** For container products: registry, image name and builder. */
  container?: ContainerSettings;
}

export interface ReleaseOutcome {
  status: 'released' | 'resumed' | 'already-released' | 'nothing-to-release';
  plan: ReleasePlan;
  /** Where the tag was claimed, or null when it stayed local. */
  claimedOn: string | null;
  files: PublishResult | null;
  /** Container releases: the image pushed (or found already published). */
  image: PublishedImage | null;
  /** The key of release.json in the store, when sealed by this run or before. */
  manifest: string | null;
}

export async function applyReleasePlan(plan: ReleasePlan, ports: ReleasePorts, options: ApplyOptions): Promise<ReleaseOutcome> {
  const sealed = { plan, claimedOn: null, files: null, image: null, manifest: manifestKey(plan.product, plan.version) };
  if (plan.status === 'already-released') return { ...sealed, status: 'already-released' };
  if (plan.status === 'nothing-to-release') return { ...sealed, status: 'nothing-to-release', manifest: null };

  const { git, store, reporter } = ports;
  const remote = options.push ? await git.readRemote() : null;
  const publishing: PublishContext = { store, git, reporter, workspaceRoot: options.workspace.root, container: options.container };
  await checkReleasePreconditions({ ...options, plan, git, store, remote });
  await checkArtifactDestination(plan, publishing);

  const { release, files, claimedOn } = await claimRelease(plan, ports, options, remote);
  crashPoint('claim', 1);

  const published = await publishArtifact(release, files, publishing);
  const manifest = buildReleaseManifest(release, published.files, ports.clock.now(), published.image);
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await store.create(manifestKey(plan.product, plan.version), body, {
    contentType: 'application/json',
    cacheControl: 'no-cache',
    sha256: createHash('sha256').update(body).digest('hex'),
  });
  reporter.info(`sealed ${plan.tag}: ${store.url}/${manifestKey(plan.product, plan.version)}`);
  return {
    status: plan.status === 'release' ? 'released' : 'resumed',
    plan: release,
    claimedOn,
    files: published.uploaded,
    image: published.pushed,
    manifest: manifestKey(plan.product, plan.version),
  };
}

/**
 * Everything up to the claim: release commit (commit mode), build, tag, push. Until the tag is
 * claimed, a failure undoes our own release commit and tag, so that nothing is left behind.
 */
async function claimRelease(plan: ReleasePlan, ports: ReleasePorts, options: ApplyOptions, remote: string | null) {
  const { git, reporter } = ports;
  const undo: (() => Promise<void>)[] = [];
  try {
    const release = { ...plan, commit: await prepareReleaseCommit(plan, git, options, reporter) };
    if (release.commit !== plan.commit) undo.unshift(() => git.resetTo(plan.commit));
    const files = await buildOnce(release, ports, options);
    if (plan.status === 'release') {
      await git.createTag(release.tag, release.commit, release.changelog);
      undo.unshift(() => git.deleteTag(release.tag));
    }
    const claimedOn = remote ? await claimTag(git, release, remote, reporter) : null;
    return { release, files, claimedOn };
  } catch (error) {
    for (const step of undo) await step();
    throw error;
  }
}

/** In commit mode, the release commit (package.json and CHANGELOG.md) is what gets built and tagged. */
async function prepareReleaseCommit(plan: ReleasePlan, git: Git, options: ApplyOptions, reporter: Reporter): Promise<string> {
  if (plan.status !== 'release' || !options.commit) return plan.commit;
  const commit = await writeReleaseCommit(git, plan, options.workspace.projects[plan.product]?.root ?? '');
  reporter.info(`committed ${commit.slice(0, 7)} "chore(release): ${plan.tag}" (push your branch to share it; only the tag is pushed)`);
  return commit;
}

async function buildOnce(release: ReleasePlan, { builder, reporter }: ReleasePorts, options: ApplyOptions): Promise<LocalFile[]> {
  reporter.info(`building ${release.product} ${release.version} (target ${release.buildTarget}, no cache)`);
  await builder.build({ product: release.product, target: release.buildTarget, version: release.version, tag: release.tag, commit: release.commit });
  const outputPath = release.outputPath ?? '';
  return readBuildOutput(join(options.workspace.root, outputPath), outputPath, release.product);
}

/**
 * Claims the version by pushing the tag alone. A rejected push means someone else claimed this
 * version first (the caller removes the local tag, so that nothing is left behind).
 */
async function claimTag(git: Git, plan: ReleasePlan, remote: string, reporter: Reporter): Promise<string> {
  const onRemote = (await git.readRemoteTags(remote, plan.tag)).find((tag) => tag.name === plan.tag);
  if (onRemote && onRemote.commit !== plan.commit) {
    throw new TagdeployError(
      'TAG_EXISTS',
      `Tag ${plan.tag} on ${remote} points at ${onRemote.commit.slice(0, 7)}, not at ${plan.commit.slice(0, 7)}: someone else released ${plan.product} ${plan.version}. Run "git fetch --tags --force ${remote}" and plan again.`,
    );
  }
  if (!onRemote) await git.pushTag(remote, plan.tag);
  reporter.info(`claimed ${plan.tag} on ${remote}`);
  return remote;
}
