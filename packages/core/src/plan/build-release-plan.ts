// Plan: the pure decision about one product's next release, from facts read beforehand.
// Returns plain JSON data; "already released" and "nothing to release" are results, not errors.
import { rcompare } from 'semver';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { TagRef } from '../git/git-port';
import { attributeCommits, rootVia } from './attribute-commits';
import { parseConventionalCommit } from './parse-conventional-commit';
import type { AffectedProduct, PlannedCommit, ReleaseFacts, ReleasePlan, ReleaseRequest } from './release-plan';
import { renderChangelog } from './render-changelog';
import { resolveDependencyClosure } from './resolve-dependency-closure';
import { highestBump, resolveBump } from './resolve-bump';
import { resolveNextVersion } from './resolve-next-version';
import { formatTag, parseTag, parseTagPattern, type TagPattern } from './tag-pattern';
import { command } from '../commands/spelling';

interface Release {
  version: string;
  tag: string;
  commit: string;
}

export function buildReleasePlan(facts: ReleaseFacts, request: ReleaseRequest): ReleasePlan {
  const { product } = request;
  const config = facts.products[product];
  if (!config) throw notAProduct(product, Object.keys(facts.products));
  const pattern = parseTagPattern(config.tagPattern ?? facts.tagPattern);
  const [last, beforeLast] = readReleases(facts.tags, pattern, product);

  const sealed = last !== undefined && facts.sealedVersions.includes(last.version);
  if (last && !sealed && last.commit !== facts.head) {
    throw new TagdeployError(
      'UNSEALED_RELEASE',
      `${last.tag} was claimed but never sealed (its release.json is missing). Finish it first: git switch --detach ${last.tag} && ${command('release', product, { 'allow-branch': true })}, then switch back.`,
    );
  }

  // A resumed release re-plans the commits it was claimed with, so bump them from the release before.
  const atHead = last !== undefined && last.commit === facts.head;
  const commits = planCommits(facts, product, (atHead ? beforeLast : last)?.version ?? null);
  // A product never released before is released for any commit that touches it, whatever its
  // type: the first release is its baseline. Later releases need a commit that asks for a bump.
  const firstEver = last === undefined;
  const counted = commits.filter((commit) => commit.bump !== null || firstEver);
  const bump = highestBump(counted.map((commit) => commit.bump));
  const plan = (fields: Pick<ReleasePlan, 'status' | 'previous' | 'version' | 'tag' | 'reason' | 'bump'>): ReleasePlan => ({
    product,
    kind: config.kind,
    ...fields,
    commit: facts.head,
    commits,
    changelog: fields.status !== 'nothing-to-release'
      ? renderChangelog({ product, version: fields.version, today: facts.today, commits: counted, commitTypes: facts.commitTypes })
      : '',
    affectedProducts: fields.status === 'release' ? resolveAffectedProducts(facts, product, counted) : [],
    buildTarget: config.buildTarget,
    outputPath: config.outputPath ?? null,
  });

  // HEAD already carries the newest tag: a second run is safe, it finishes or reports.
  if (last && atHead) {
    return plan({
      status: sealed ? 'already-released' : 'resume',
      previous: beforeLast ?? null,
      version: last.version,
      tag: last.tag,
      reason: 'existing-tag',
      bump,
    });
  }
  if (counted.length === 0 && request.releaseAs === undefined && !request.firstRelease) {
    return plan({ status: 'nothing-to-release', previous: last ?? null, version: last?.version ?? '', tag: last?.tag ?? '', reason: 'none', bump: null });
  }

  const next = resolveNextVersion({
    lastVersion: last?.version ?? null,
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

function notAProduct(name: string, products: string[]): TagdeployError {
  const list = products.length ? products.sort().join(', ') : '(none yet)';
  return new TagdeployError(
    'NOT_A_PRODUCT',
    `${name} is not a product: it has no tagdeploy.json. Products: ${list}. Add a tagdeploy.json to make it one (${command('add-product', name)}).`,
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

function planCommits(facts: ReleaseFacts, product: string, lastVersion: string | null): PlannedCommit[] {
  const attributed = attributeCommits(facts.commits, { workspace: facts.workspace, product, rootFiles: facts.rootFiles });
  return attributed.map(({ commit, via }) => {
    const parsed = parseConventionalCommit(commit);
    return { ...parsed, shortSha: commit.sha.slice(0, 7), bump: resolveBump(parsed, facts.commitTypes, lastVersion), via };
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
