// abandon <product> --release=<version>: a claimed release that can never be sealed stops
// blocking the product. The tag stays (the version is never reused); a record beside where the
// seal would be says who gave it up, when and why; the next release takes the next version and
// carries the abandoned release's commits.
import { resolveActor } from '../env/resolve-actor';
import { TagdeployError } from '../errors/tagdeploy-error';
import { GitCli } from '../git/git-cli';
import { formatTag, isExactSemver, tagGlob } from '../plan/tag-pattern';
import { describeAbandoned, readAbandonedRelease, writeAbandonedRelease, type AbandonedRelease } from '../release/abandoned-release';
import { buildAbandonPlan, type AbandonFacts } from '../release/build-abandon-plan';
import { readRemoteProductTags } from '../release/read-release-facts';
import { manifestKey } from '../release/release-manifest';
import type { CommandResult, Host } from './host';
import { loadProductContext } from './load-product-context';
import { command } from './spelling';

export interface AbandonRequest {
  product: string;
  /** The version to abandon (required: giving up a release is never implied). */
  release?: string;
  reason?: string;
}

export interface AbandonOutcome {
  status: 'abandoned' | 'already-abandoned';
  record: AbandonedRelease;
}

export async function abandonRelease(request: AbandonRequest, host: Host): Promise<CommandResult<AbandonOutcome>> {
  const { product, release: version } = request;
  if (!version || !isExactSemver(version)) {
    throw new TagdeployError('USAGE', `Name the release of ${product} to abandon with --release=<version>${version ? ` ("${version}" is not a version)` : ''}: ${command('abandon', product, { release: '<version>' })}.`);
  }
  const { store, config, settings } = loadProductContext(host, product);
  const pattern = config.tagPattern ?? settings.tagPattern;
  const git = await GitCli.open(host.workspace.root);
  const glob = tagGlob(pattern, product);
  const key = manifestKey(product, version);
  const [localTags, { remote, tags: remoteTags }, sealed, abandoned] = await Promise.all([
    git.readTags(glob),
    readRemoteProductTags(git, glob),
    store.head(key),
    readAbandonedRelease(store, product, version),
  ]);
  const facts: AbandonFacts = { product, version, tag: formatTag(pattern, product, version), localTags, remote, remoteTags, sealed: sealed !== undefined, abandoned };
  const plan = buildAbandonPlan(facts);
  if (plan.status === 'already-abandoned') return done('already-abandoned', plan.record);

  const record: AbandonedRelease = {
    schemaVersion: 1,
    product,
    version,
    tag: plan.tag,
    commit: plan.commit,
    abandonedAt: host.clock.now().toISOString(),
    abandonedBy: await resolveActor(host.workspace.root, host.environment),
    reason: request.reason?.trim() || null,
  };
  if ((await writeAbandonedRelease(store, record)) === 'exists') {
    const first = await readAbandonedRelease(store, product, version);
    if (first) return done('already-abandoned', first);
  }
  // A resumed release that sealed meanwhile wins: the seal counts wherever both exist.
  if (await store.head(key)) {
    throw new TagdeployError('RELEASE_SEALED', `${product} ${version} was sealed while it was being abandoned: the seal counts, and the release stands. Deploy it (${command('deploy', product, { env: '<env>', release: version })}) or release the next version.`);
  }
  return done('abandoned', record);
}

function done(status: AbandonOutcome['status'], record: AbandonedRelease): CommandResult<AbandonOutcome> {
  const what = status === 'abandoned' ? `abandoned ${record.tag}` : `${record.tag} was already ${describeAbandoned(record)}`;
  const text = `${what}: it will never be sealed. The tag stays, so ${record.version} is never reused; the next ${command('release', record.product)} takes the version after it and carries its commits.`;
  return { result: { status, record }, text };
}
