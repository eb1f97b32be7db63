// Apply: carries out a ReleasePlan: check, build once, check the output, tag, claim, publish,
// seal. Returns what it did. "Already released", "nothing to release" and "released by someone
// else" (another run of this commit claimed the version first) are normal results, not errors.
import { createHash } from 'node:crypto';
import { command } from '../commands/spelling';
import { TagdeployError, isTagdeployError } from '../errors/tagdeploy-error';
import type { Git } from '../git/git-port';
import type { ReleasePlan } from '../plan/release-plan';
import type { Workspace } from '../workspace/workspace';
import { checkReleasePreconditions } from './check-release-preconditions';
import { createPublisher, type ArtifactSettings } from './create-publisher';
import type { PreparedArtifact, PublishedArtifact, Publisher } from './publisher';
import { writeReleaseCommit } from './write-release-commit';
import { describeAbandoned, readAbandonedRelease } from './abandoned-release';
import { buildReleaseManifest, manifestKey, releasePrefix, type ReleaseManifest } from './release-manifest';
import { removePublishRecord } from './publish-record';
import { adoptRemoteTag, claimReleaseTag, readRemoteTag } from './claim-release-tag';
import { findForeignRelease } from './check-release-output';
import type { Clock, ProductBuilder, Reporter } from './ports';
import { crashPoint } from './crash-point';
import type { ObjectStore } from '../store/object-store';
import type { ProvenanceWriter } from '../provenance/write-provenance';

export interface ReleasePorts {
  git: Git;
  store: ObjectStore;
  builder: ProductBuilder;
  reporter: Reporter;
  clock: Clock;
  /** Signs the release's provenance at the seal; absent: the release is not signed. */
  provenance?: ProvenanceWriter;
}

export interface ApplyOptions {
  workspace: Workspace;
  releaseBranch: string;
  allowBranch: boolean;
  /** Claim the tag on the remote (when there is one). */
  push: boolean;
  /** Write package.json and CHANGELOG.md and commit them before tagging. */
  commit: boolean;
  /** What the product's kind needs to publish (a container's registry and builder, a package's registry); absent: static. */
  artifact?: ArtifactSettings;
}

export interface ReleaseOutcome {
  /** 'released-elsewhere': another run of this commit claimed (or sealed) the version first; this run published nothing. */
  status: 'released' | 'resumed' | 'released-elsewhere' | 'already-released' | 'nothing-to-release';
  plan: ReleasePlan;
  /** Where the tag was claimed, or null when it stayed local. */
  claimedOn: string | null;
  /** What this run published, by kind (null when it published nothing). */
  artifact: PublishedArtifact | null;
  /** The key of release.json in the store, when sealed (by this run, before, or by the run that won). */
  manifest: string | null;
}

export async function applyReleasePlan(plan: ReleasePlan, ports: ReleasePorts, options: ApplyOptions): Promise<ReleaseOutcome> {
  const sealed = { plan, claimedOn: null, artifact: null, manifest: manifestKey(plan.product, plan.version) };
  if (plan.status === 'already-released') return { ...sealed, status: 'already-released' };
  if (plan.status === 'nothing-to-release') return { ...sealed, status: 'nothing-to-release', manifest: null };

  const { git, store, reporter } = ports;
  const remote = options.push ? await git.readRemote() : null;
  if (plan.status === 'claimed-elsewhere') return releasedElsewhere(plan, ports, remote);
  const publisher = createPublisher(plan, options.artifact, { store, git, reporter, workspaceRoot: options.workspace.root });
  await checkReleasePreconditions({ ...options, plan, git, store, remote });
  await publisher.check(plan);
  // Another run of this commit may have claimed the version since the plan: leave it to that one.
  if (plan.status === 'release' && remote && (await readRemoteTag(git, remote, plan))) return releasedElsewhere(plan, ports, remote);

  const claim = await claimRelease(plan, ports, options, publisher, remote);
  if (claim.status === 'elsewhere') return releasedElsewhere(claim.release, ports, remote);
  const { release, prepared } = claim;
  crashPoint('claim', 1);
  // Two runs resuming one claim: the one that seals first wins, the other stops where it learns it.
  if (plan.status === 'resume' && (await sealedByAnother(store, release))) return releasedElsewhere(release, ports, remote);
  const published = await publisher.publish(release, prepared).catch(async (error: unknown) => {
    if (isTagdeployError(error) && error.code === 'OBJECT_CONFLICT' && (await sealedByAnother(store, release))) return null;
    throw error;
  });
  if (!published || !(await seal(release, published, ports))) return releasedElsewhere(release, ports, remote);
  return {
    status: plan.status === 'release' ? 'released' : 'resumed',
    plan: release,
    claimedOn: remote,
    artifact: published,
    manifest: manifestKey(plan.product, plan.version),
  };
}

type Claim = { status: 'ours'; release: ReleasePlan; prepared: PreparedArtifact } | { status: 'elsewhere'; release: ReleasePlan };

/**
 * Everything up to the claim: release commit (commit mode), build, checks of the output, tag,
 * push. Until the tag is claimed, a failure undoes our own release commit and tag, and so does
 * losing the claim to another run, so that nothing of this run is left behind.
 */
async function claimRelease(plan: ReleasePlan, ports: ReleasePorts, options: ApplyOptions, publisher: Publisher, remote: string | null): Promise<Claim> {
  const undo: (() => Promise<void>)[] = [];
  const undoAll = async () => {
    for (const step of undo.splice(0)) await step();
  };
  let claim: Claim;
  try {
    claim = await tagAndClaim(plan, ports, options, publisher, remote, undo);
  } catch (error) {
    await undoAll();
    throw error;
  }
  if (claim.status === 'elsewhere') await undoAll();
  return claim;
}

async function tagAndClaim(plan: ReleasePlan, ports: ReleasePorts, options: ApplyOptions, publisher: Publisher, remote: string | null, undo: (() => Promise<void>)[]): Promise<Claim> {
  const { git, store, reporter } = ports;
  const release = { ...plan, commit: await prepareReleaseCommit(plan, git, options, reporter) };
  if (release.commit !== plan.commit) undo.unshift(() => git.resetTo(plan.commit));
  const prepared = await buildOnce(release, ports, publisher);
  if (plan.status === 'release') {
    const foreign = await findForeignRelease(store, release, prepared.files, prepared.folder);
    // What looks foreign may be the files of another run of this commit that claimed it meanwhile.
    if (foreign && remote && (await readRemoteTag(git, remote, release))) return { status: 'elsewhere', release };
    if (foreign) throw foreign;
    await git.createTag(release.tag, release.commit, release.changelog);
    undo.unshift(() => git.deleteTag(release.tag));
  }
  if (remote && (await claimReleaseTag(git, release, remote, reporter)) === 'elsewhere') return { status: 'elsewhere', release };
  return { status: 'ours', release, prepared };
}

/** In commit mode, the release commit (package.json and CHANGELOG.md) is what gets built and tagged. */
async function prepareReleaseCommit(plan: ReleasePlan, git: Git, options: ApplyOptions, reporter: Reporter): Promise<string> {
  if (plan.status !== 'release' || !options.commit) return plan.commit;
  const commit = await writeReleaseCommit(git, plan, options.workspace.projects[plan.product]?.root ?? '');
  reporter.info(`committed ${commit.slice(0, 7)} "chore(release): ${plan.tag}" (push your branch to share it; only the tag is pushed)`);
  return commit;
}

/** Builds once, then lets the publisher read (or pack) and check what it will publish. */
async function buildOnce(release: ReleasePlan, { builder, reporter }: ReleasePorts, publisher: Publisher): Promise<PreparedArtifact> {
  reporter.info(`building ${release.product} ${release.version} (target ${release.buildTarget}, no cache)`);
  await builder.build({ product: release.product, target: release.buildTarget, version: release.version, tag: release.tag, commit: release.commit });
  return publisher.prepare(release);
}

/**
 * Writes release.json last. False when another run of this same release (tag and commit) sealed
 * it first: two runs resuming one claim.
 */
async function seal(release: ReleasePlan, published: PublishedArtifact, { store, clock, provenance }: ReleasePorts): Promise<boolean> {
  const key = manifestKey(release.product, release.version);
  await refuseAbandoned(store, release);
  const manifest = buildReleaseManifest(release, published.entry, clock.now());
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  // The signed statement names release.json's exact bytes, so it is written just before them.
  if (provenance) await provenance.write(release, manifest, body);
  crashPoint('provenance', 1);
  try {
    await store.create(key, body, { contentType: 'application/json', cacheControl: 'no-cache', sha256: createHash('sha256').update(body).digest('hex') });
  } catch (error) {
    if (isTagdeployError(error) && error.code === 'OBJECT_CONFLICT' && (await sealedByAnother(store, release))) return false;
    throw error;
  }
  // Sealed: the record of what was uploaded has served (a crash before this leaves it, ignored).
  if (published.kind !== 'container') await removePublishRecord(store, releasePrefix(release.product, release.version)).catch(() => undefined);
  // No progress line: the result line says where the release was sealed.
  return true;
}

/** A release abandoned while this run built or published it is never sealed. */
async function refuseAbandoned(store: ObjectStore, release: ReleasePlan): Promise<void> {
  const record = await readAbandonedRelease(store, release.product, release.version);
  if (!record) return;
  throw new TagdeployError(
    'RELEASE_ABANDONED',
    `${release.tag} was ${describeAbandoned(record)}, so it is never sealed. Release the next version: ${command('release', release.product)}.`,
  );
}

/** True when the store holds the seal of this very release (tag and commit), written by another run. */
async function sealedByAnother(store: ObjectStore, release: ReleasePlan): Promise<boolean> {
  const sealed = await store.get(manifestKey(release.product, release.version));
  if (!sealed) return false;
  const manifest = JSON.parse(sealed.body.toString('utf8')) as Partial<ReleaseManifest>;
  return manifest.tag === release.tag && manifest.commit === release.commit;
}

/** The outcome of the run that lost: it takes the remote's tag (a clone never keeps a tag that differs) and publishes nothing more. */
async function releasedElsewhere(release: ReleasePlan, { git, store, reporter }: ReleasePorts, remote: string | null): Promise<ReleaseOutcome> {
  if (remote) await adoptRemoteTag(git, remote, release.tag, reporter);
  const key = manifestKey(release.product, release.version);
  const sealedAt = (await store.head(key)) ? key : null;
  return { status: 'released-elsewhere', plan: release, claimedOn: remote ?? release.clone.remote, artifact: null, manifest: sealedAt };
}
