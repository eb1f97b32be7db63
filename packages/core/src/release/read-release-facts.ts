// Gather: everything the release plan needs, read once. One git log pass (on request limited to
// the paths that can count for the product), one tag listing here and one on the remote, one
// store lookup; no per-project or per-commit git processes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { PluginOptions, ProductConfig } from '../config/config-schema';
import { isTagdeployError } from '../errors/tagdeploy-error';
import type { Git, RawCommit, TagRef } from '../git/git-port';
import { parseRevert } from '../plan/parse-revert';
import type { AbandonedVersion, CloneFacts, HistoryState, ReleaseFacts } from '../plan/release-plan';
import { parseTag, tagGlob } from '../plan/tag-pattern';
import type { ObjectStore } from '../store/object-store';
import type { Workspace } from '../workspace/workspace';
import { describeAbandoned, readAbandonedRelease } from './abandoned-release';
import { manifestKey } from './release-manifest';
import { resolveHistoryScope, type HistoryScope } from './resolve-history-scope';

export interface FactSources {
  git: Git;
  store: ObjectStore;
  workspace: Workspace;
  products: Record<string, ProductConfig>;
  options: PluginOptions;
  today: string;
  /**
   * How the range's commits are read: 'full' (the default) reads every commit with every file;
   * 'pathspec' asks git only for the commits that touch the product's closure and root files, and
   * gives the same plan (tested), but git matches every tree entry of every commit against every
   * pathspec, so with a closure of a dozen projects in a folder of 800 it costs more CPU than the
   * whole log (docs/decisions.md, "The plan reads one pathspec-limited git log").
   */
  history?: 'pathspec' | 'full';
}

const completeClone: CloneFacts = { remote: null, remoteError: null, remoteOnly: [], localOnly: [], diverged: [], shallow: false, history: 'complete' };

export async function readReleaseFacts(product: string, sources: FactSources, firstRelease = false): Promise<ReleaseFacts> {
  const { git, store, workspace, products, options } = sources;
  const config = products[product];
  const tagPattern = config?.tagPattern ?? options.tagPattern;
  const head = await git.readHead();
  const base: ReleaseFacts = {
    workspace,
    products,
    tagPattern,
    rootFiles: config?.rootFiles ?? options.rootFiles,
    commitTypes: options.commitTypes,
    changelog: { ...options.changelog, ...config?.changelog },
    tags: [],
    clone: completeClone,
    sealedVersions: [],
    abandoned: [],
    head: head.commit,
    commits: [],
    revertedCommits: [],
    today: sources.today,
  };
  if (!config) return base; // the plan names the problem and lists the products

  const byVersion = (tags: TagRef[]) => sortByVersion(tags, tagPattern, product);
  const glob = tagGlob(tagPattern, product);
  const [local, remote, boundary] = await Promise.all([
    git.readTags(glob).then(byVersion),
    readRemoteProductTags(git, glob).then((answer) => ({ ...answer, tags: answer.tags && byVersion(answer.tags) })),
    git.readShallowBoundary(),
  ]);
  const tags = byVersion(mergeTags(local, remote.tags ?? []));
  // The range starts at the newest release that is not HEAD itself and was not abandoned, so that
  // a resumed release (its tag is HEAD) plans and describes the same commits as when it was first
  // claimed, and the release after an abandoned one carries the commits that never shipped.
  // --first-release plans from the start of history: the release is a new baseline.
  const rangeStart = (abandoned: ReadonlySet<string>) =>
    firstRelease ? undefined : tags.find((tag) => tag.commit !== head.commit && !abandoned.has(tag.name));
  // A shallow clone's cut is found among all the range's commits, and a shallow range is short.
  const scope = sources.history !== 'pathspec' || boundary.length > 0 ? null : resolveHistoryScope(workspace, product, base.rootFiles);
  const readRange = async (abandoned: ReadonlySet<string>) => {
    const from = rangeStart(abandoned);
    const start = from && (await firstPresent(git, tags.filter((tag) => !abandoned.has(tag.name)), head.commit));
    return { from, start, ...(await readRangeCommits(git, { from: start?.commit, to: head.commit }, scope)) };
  };
  // Abandoned releases are rare: read the range as if there were none, beside the seal lookup.
  const [guess, seals, packageVersion] = await Promise.all([
    readRange(new Set()),
    readSealStates(store, product, tags.map((tag) => ({ tag: tag.name, version: versionOf(tagPattern, product, tag) }))),
    readPackageVersion(join(workspace.root, workspace.projects[product]?.root ?? '', 'package.json')),
  ]);
  const abandonedTags = new Set(seals.abandoned.map((release) => release.tag));
  const { from, start, commits, revertedCommits } = rangeStart(abandonedTags) === guess.from ? guess : await readRange(abandonedTags);
  const history: HistoryState = from && start !== from ? 'missing' : cutShort(commits, boundary) ? 'shallow' : 'complete';
  return {
    ...base,
    tags,
    clone: describeClone(local, remote, boundary.length > 0, history),
    sealedVersions: seals.sealed,
    abandoned: seals.abandoned,
    commits,
    revertedCommits,
    packageVersion,
  };
}

/**
 * The range's commits (within the scope's paths, when there is one) and the commits outside the
 * range that their reverts name. A revert can be resolved from the scoped log alone unless it
 * names its commit by subject only, or names one that is not in the scoped log and touched none
 * of its paths (it may be in the range all the same): then the whole range is read, as it would
 * be without a scope, so that the plan is the same either way.
 */
async function readRangeCommits(git: Git, range: { from?: string; to: string }, scope: HistoryScope | null): Promise<{ commits: RawCommit[]; revertedCommits: RawCommit[] }> {
  if (scope !== null) {
    const commits = await git.readCommits({ ...range, paths: scope.pathspecs });
    const revertedCommits = await readRevertedCommits(git, commits);
    if (!revertsNeedWholeRange(commits, revertedCommits, scope)) return { commits, revertedCommits };
  }
  const commits = await git.readCommits(range);
  return { commits, revertedCommits: await readRevertedCommits(git, commits) };
}

function revertsNeedWholeRange(commits: readonly RawCommit[], outside: readonly RawCommit[], scope: HistoryScope): boolean {
  return commits.some((commit) => {
    const note = parseRevert(commit);
    if (note === null) return false;
    if (note.sha === null) return true;
    const sha = note.sha;
    if (commits.some((other) => other.sha.startsWith(sha))) return false;
    const found = outside.find((other) => other.sha.startsWith(sha));
    // A commit of the range that touched the scope would be in the scoped log: this one is older.
    // One this clone lacks is not in the range either (a complete clone holds all of it).
    return found !== undefined && !found.files.some((file) => scope.covers(file));
  });
}

export interface RemoteAnswer {
  remote: string | null;
  /** Null when there is no remote or it could not be read. */
  tags: TagRef[] | null;
  error: string | null;
}

/** The product's tags as the remote has them now; a remote that cannot be read is a fact, not a failure. */
export async function readRemoteProductTags(git: Git, glob: string): Promise<RemoteAnswer> {
  const remote = await git.readRemote();
  if (remote === null) return { remote, tags: null, error: null };
  try {
    return { remote, tags: await git.readRemoteTags(remote, glob), error: null };
  } catch (error) {
    if (!isTagdeployError(error)) throw error;
    return { remote, tags: null, error: error.message.replace(/^git .*? failed in .*?: /, '') };
  }
}

/** This clone's tags and the remote's, by name; where both have one, the remote's commit counts. */
function mergeTags(local: readonly TagRef[], remote: readonly TagRef[]): TagRef[] {
  const byName = new Map(local.map((tag) => [tag.name, tag]));
  for (const tag of remote) byName.set(tag.name, tag);
  return [...byName.values()];
}

function describeClone(local: readonly TagRef[], remote: RemoteAnswer, shallow: boolean, history: HistoryState): CloneFacts {
  const here = new Map(local.map((tag) => [tag.name, tag.commit]));
  const there = new Map((remote.tags ?? []).map((tag) => [tag.name, tag.commit]));
  const known = remote.tags !== null;
  return {
    remote: remote.remote,
    remoteError: remote.error,
    remoteOnly: [...there.keys()].filter((name) => !here.has(name)),
    // Without a remote every tag is local only; when the remote did not answer, nobody knows.
    localOnly: remote.remote === null ? [...here.keys()] : known ? [...here.keys()].filter((name) => !there.has(name)) : [],
    diverged: [...here].filter(([name, commit]) => there.has(name) && there.get(name) !== commit).map(([name]) => name),
    shallow,
    history,
  };
}

/**
 * Newest first: the abandoned releases above the newest one that was not abandoned, and whether
 * that one is sealed. One lookup for the usual case (the newest release is sealed).
 */
async function readSealStates(store: ObjectStore, product: string, releases: readonly { tag: string; version: string }[]): Promise<{ sealed: string[]; abandoned: AbandonedVersion[] }> {
  const abandoned: AbandonedVersion[] = [];
  for (const { tag, version } of releases) {
    if (await store.head(manifestKey(product, version))) return { sealed: [version], abandoned };
    const record = await readAbandonedRelease(store, product, version);
    if (!record) break;
    abandoned.push({ version, tag, note: describeAbandoned(record) });
  }
  return { sealed: [], abandoned };
}

/** The newest release (not HEAD) whose commit this clone has: where the commit range can start. */
async function firstPresent(git: Git, tags: readonly TagRef[], head: string): Promise<TagRef | undefined> {
  for (const tag of tags) {
    if (tag.commit !== head && (await git.readCommit(tag.commit)) !== null) return tag;
  }
  return undefined;
}

/** A shallow clone's boundary inside the range means commits below it were never fetched. */
function cutShort(commits: readonly RawCommit[], boundary: readonly string[]): boolean {
  if (boundary.length === 0) return false;
  const cut = new Set(boundary);
  return commits.some((commit) => cut.has(commit.sha));
}

/** The commits that reverts in the range name from outside it (earlier releases), when this clone has them. */
async function readRevertedCommits(git: Git, commits: readonly RawCommit[]): Promise<RawCommit[]> {
  const inRange = new Set(commits.map((commit) => commit.sha));
  const named = commits.map((commit) => parseRevert(commit)?.sha).filter((sha): sha is string => typeof sha === 'string');
  const outside = [...new Set(named)].filter((sha) => ![...inRange].some((full) => full.startsWith(sha)));
  const found = await Promise.all(outside.map((sha) => git.readCommit(sha)));
  return found.filter((commit): commit is RawCommit => commit !== null);
}

/** The product's release tags, newest version first. */
function sortByVersion(tags: readonly TagRef[], pattern: string, product: string): TagRef[] {
  return tags
    .filter((tag) => parseTag(pattern, product, tag.name) !== null)
    .sort((a, b) => semver.rcompare(versionOf(pattern, product, a), versionOf(pattern, product, b)));
}

function versionOf(pattern: string, product: string, tag: TagRef): string {
  return parseTag(pattern, product, tag.name) as string;
}

async function readPackageVersion(file: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}
