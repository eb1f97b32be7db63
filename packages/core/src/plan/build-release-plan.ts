// Plan: the pure decision about one product's next release, from facts read beforehand.
// Returns plain JSON data; "already released" and "nothing to release" are results, not errors.
import { gt, rcompare } from 'semver';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { RawCommit, TagRef } from '../git/git-port';
import { attributeCommits, rootVia } from './attribute-commits';
import { formatTagState } from './format-tag-state';
import { incompleteHistoryError } from './incomplete-history-error';
import { notAProductError } from './not-a-product-error';
import { parseCommit } from '../changelog/parse-commit';
import type { AffectedProduct, CloneFacts, PlannedCommit, ReleaseDecision, ReleaseFacts, ReleaseRequest } from './release-plan';
import { resolveCloneFix } from './resolve-clone-fix';
import { resolveDependencyClosure } from './resolve-dependency-closure';
import { highestBump, resolveBump } from './resolve-bump';
import { resolveNextVersion } from './resolve-next-version';
import { resolveReverts } from './resolve-reverts';
import { formatTag, parseTag, parseTagPattern, type TagPattern } from './tag-pattern';
import { command } from '../commands/spelling';

interface Release {
  version: string;
  tag: string;
  commit: string;
}

export function buildReleasePlan(facts: ReleaseFacts, request: ReleaseRequest): ReleaseDecision {
  const { product } = request;
  const config = facts.products[product];
  if (!config) throw notAProductError(product, Object.keys(facts.products));
  const pattern = parseTagPattern(config.tagPattern ?? facts.tagPattern);
  // Abandoned releases are skipped: their commits count again, and their versions stay taken.
  const abandoned = facts.abandoned;
  const [last, beforeLast] = readReleases(facts.tags, pattern, product).filter((release) => !abandoned.some((gone) => gone.tag === release.tag));
  const floor = abandoned[0];

  const sealed = last !== undefined && facts.sealedVersions.includes(last.version);
  const atHead = last !== undefined && last.commit === facts.head;
  if (request.firstRelease && last && !atHead) refuseFirstRelease(facts, request, last, sealed);
  const claimedElsewhere = last !== undefined && atHead && !sealed && facts.clone.remoteOnly.includes(last.tag);
  if (last && !sealed && !claimedElsewhere) refuseUnsealed(last, atHead, product, facts.clone);

  // A resumed release re-plans the commits it was claimed with, so bump them from the release before.
  // A product never released before is released for any commit that touches it, whatever its
  // type: the first release is its baseline. Later releases need a commit that asks for a bump.
  const firstEver = last === undefined || request.firstRelease === true;
  const commits = planCommits(facts, product, (atHead ? beforeLast : last)?.version ?? null, firstEver);
  const counted = commits.filter((commit) => commit.counts);
  const bump = highestBump(counted.map((commit) => commit.bump));
  const plan = (fields: Pick<ReleaseDecision, 'status' | 'previous' | 'version' | 'tag' | 'reason' | 'bump'>): ReleaseDecision => ({
    product,
    kind: config.kind,
    ...fields,
    commit: facts.head,
    commits,
    clone: { ...facts.clone, fetch: resolveCloneFix(facts.clone) },
    affectedProducts: fields.status === 'release' ? resolveAffectedProducts(facts, product, counted) : [],
    abandoned: fields.status === 'release' || fields.status === 'nothing-to-release' ? abandoned : [],
    buildTarget: config.buildTarget,
    outputPath: config.outputPath ?? null,
  });

  // HEAD already carries the newest tag: a second run is safe, it finishes or reports.
  if (last && atHead) {
    return plan({
      status: sealed ? 'already-released' : claimedElsewhere ? 'claimed-elsewhere' : 'resume',
      previous: beforeLast ?? null,
      version: last.version,
      tag: last.tag,
      reason: 'existing-tag',
      bump,
    });
  }
  if (counted.length === 0 && request.releaseAs === undefined && !request.firstRelease) {
    // "Nothing to release" is a conclusion about every commit since the last release: a clone
    // that lacks some cannot draw it (a CI job would pass without releasing).
    if (facts.clone.history !== 'complete') throw incompleteHistoryError(product, last?.tag ?? null, { ...facts.clone, fetch: resolveCloneFix(facts.clone) });
    return plan({ status: 'nothing-to-release', previous: last ?? null, version: last?.version ?? '', tag: last?.tag ?? '', reason: 'none', bump: null });
  }

  // The next version goes above an abandoned one: a version once claimed is never reused.
  const above = floor ?? last;
  const next = resolveNextVersion({
    lastVersion: request.firstRelease ? null : above?.version ?? null,
    lastNote: floor ? ` (${floor.tag}, ${floor.note})` : last ? ` (${last.tag}, ${formatTagState(last.tag, facts.clone)})` : undefined,
    bump,
    releaseAs: request.releaseAs,
    preid: request.preid,
    packageVersion: facts.packageVersion,
    firstRelease: request.firstRelease,
  });
  const tag = formatTag(pattern, product, next.version);
  const existing = facts.tags.find((ref) => ref.name === tag);
  if (existing) {
    throw new TagdeployError(
      'TAG_EXISTS',
      `${tag} already exists (at ${existing.commit.slice(0, 7)}). Pick another version with --release-as=<version> above ${last?.version ?? next.version}.`,
    );
  }
  return plan({ status: 'release', previous: last ?? null, version: next.version, tag, reason: next.reason, bump: next.bump });
}

/**
 * --first-release on a product that has releases: allowed only for a version above all of them,
 * and the advice never touches an existing release tag.
 */
function refuseFirstRelease(facts: ReleaseFacts, request: ReleaseRequest, last: Release, sealed: boolean): void {
  const first = resolveNextVersion({ lastVersion: null, bump: null, releaseAs: request.releaseAs, preid: request.preid, packageVersion: facts.packageVersion, firstRelease: true });
  if (gt(first.version, last.version)) return;
  const product = request.product;
  throw new TagdeployError(
    'NOT_FIRST_RELEASE',
    `--first-release would release ${product} ${first.version}, but ${product} already has releases up to ${last.version} (${last.tag}, ${sealed ? 'sealed' : 'not sealed'}, ${formatTagState(last.tag, facts.clone)}). Keep them: release without --first-release to take the next version after ${last.version}, or pick a higher one with --release-as=<version above ${last.version}>.`,
  );
}

/** An unsealed newest release: resumed when it is HEAD (left to its owner when another clone claimed it), else refused. */
function refuseUnsealed(last: Release, atHead: boolean, product: string, clone: CloneFacts): void {
  const remoteOnly = clone.remoteOnly.includes(last.tag);
  if (atHead) return;
  const fetch = remoteOnly ? `git fetch --tags ${clone.remote} && ` : '';
  // A tag the remote is known to lack claims nothing, so there is nothing to abandon.
  const unpushed = clone.remote !== null && clone.remoteError === null && clone.localOnly.includes(last.tag);
  const abandon = unpushed ? '' : `; or, if it can never be sealed, abandon it (the tag stays, the next release takes the next version): ${command('abandon', product, { release: last.version })}`;
  throw new TagdeployError(
    'UNSEALED_RELEASE',
    `${last.tag} was ${formatTagState(last.tag, clone)} but never sealed (its release.json is missing). Finish it first: ${fetch}git switch --detach ${last.tag} && ${command('release', product, { 'allow-branch': true })}, then switch back${abandon}.`,
  );
}

/** The product's releases, highest version first (prereleases included). */
function readReleases(tags: readonly TagRef[], pattern: TagPattern, product: string): Release[] {
  const releases: Release[] = [];
  for (const ref of tags) {
    const version = parseTag(pattern, product, ref.name);
    if (version !== null) releases.push({ version, tag: ref.name, commit: ref.commit });
  }
  return releases.sort((a, b) => rcompare(a.version, b.version) || a.tag.localeCompare(b.tag));
}

function planCommits(facts: ReleaseFacts, product: string, lastVersion: string | null, firstEver: boolean): PlannedCommit[] {
  const attributed = attributeCommits(facts.commits, { workspace: facts.workspace, product, rootFiles: facts.rootFiles });
  const reverts = resolveReverts(facts.commits, facts.revertedCommits);
  const parse = (commit: Pick<RawCommit, 'sha' | 'subject' | 'body' | 'authorName'>) => parseCommit(commit, facts.changelog.preset);
  const bumpOf = (commit: RawCommit) => resolveBump(parse(commit), facts.commitTypes, lastVersion);
  return attributed.map(({ commit, via }) => {
    const parsed = parse(commit);
    const revert = reverts.get(commit.sha) ?? { stands: true, kind: commit };
    // A revert inside the release asks for nothing (what it undoes no longer counts); one of an
    // earlier release asks for the bump of what it reverts, or what its own type asks, if more.
    const bump = revert.reverts?.inRelease
      ? null
      : revert.reverts
        ? highestBump([bumpOf({ ...commit, ...revert.kind }), bumpOf(commit)])
        : bumpOf(commit);
    return {
      ...parsed,
      shortSha: commit.sha.slice(0, 7),
      bump,
      counts: revert.stands && (bump !== null || firstEver),
      ...(revert.reverts ? { reverts: revert.reverts } : {}),
      ...(revert.revertedBy ? { revertedBy: revert.revertedBy.slice(0, 7) } : {}),
      via,
    };
  });
}

/** Other products built from a project that the counted commits changed; listed, never released. */
function resolveAffectedProducts(facts: ReleaseFacts, product: string, counted: readonly PlannedCommit[]): AffectedProduct[] {
  const changed = new Set(counted.flatMap((commit) => commit.via.filter((via) => via !== rootVia)));
  return Object.keys(facts.products)
    .filter((other) => other !== product)
    .sort()
    .map((other) => ({ product: other, via: resolveDependencyClosure(facts.workspace, other).filter((p) => changed.has(p)).sort() }))
    .filter((affected) => affected.via.length > 0);
}
