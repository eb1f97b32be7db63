// release-verify <product>: proves that one release (--release), or every release the product's
// envs point at (all envs, or --env), is what was released: the signed provenance verifies with
// the configured public key, release.json and every stored byte hash to what was signed, the image
// in the registry is the signed digest, and the release tag names the signed commit. With
// --rebuild, each release is also built again from its tag and compared (see rebuild-release.ts);
// that needs no key, and without one only release.json as stored is compared with.
import { TagdeployError } from '../errors/tagdeploy-error';
import { GitCli } from '../git/git-cli';
import type { Git } from '../git/git-port';
import { locateReleaseImage } from '../gitops/locate-release-image';
import { readVerificationKey } from '../provenance/read-signing-key';
import { verifyReleaseProvenance } from '../provenance/verify-release-provenance';
import { readReleaseManifest } from '../env/read-release-manifest';
import type { ReleaseManifest } from '../release/release-manifest';
import { withEnvBackend } from './change-environment';
import { rebuildRelease, type RebuiltRelease } from './rebuild-release';
import type { CommandResult, Host } from './host';
import { loadProductContext, type ProductContext } from './load-product-context';
import { command, settingsFile } from './spelling';

export interface VerifyRequest {
  product: string;
  /** One release; default: every release an env points at. */
  release?: string;
  /** Only the release this env points at. */
  env?: string;
  /** Also build each release again from its tag and compare every file with release.json. */
  rebuild?: boolean;
}

export interface VerifiedRelease {
  version: string;
  tag: string;
  commit: string;
  /** The envs that point at it (empty for a release named with --release that no env runs). */
  envs: string[];
  files: number;
  image: string | null;
  /** Whether the signed provenance was checked (always, unless --rebuild ran with no key configured). */
  signed: boolean;
  /** With --rebuild: the rebuild that matched release.json. */
  rebuild: RebuiltRelease | null;
}

export interface VerifyResult {
  product: string;
  /** The key the signatures were checked with; null when --rebuild ran with no key configured. */
  keyId: string | null;
  releases: VerifiedRelease[];
}

export async function verifyReleases(request: VerifyRequest, host: Host): Promise<CommandResult<VerifyResult>> {
  const context = loadProductContext(host, request.product);
  const { product, settings, store } = context;
  const key = readVerificationKey({ signing: settings.signing, workspaceRoot: host.workspace.root, environment: host.environment });
  if (!key && !request.rebuild) throw new TagdeployError('SIGNING_KEY_MISSING', `Nothing to verify ${product} with: ${settingsFile} names no signing.publicKey (nor signing.key). Set signing.publicKey to the committed public key (see "Signed releases" in the README).`);
  const targets = await readTargets(request, context, host);
  const git = await GitCli.open(host.workspace.root);
  const remote = await git.readRemote();
  const releases: VerifiedRelease[] = [];
  const problems: { error: TagdeployError; text: string }[] = [];
  for (const [version, envs] of targets) {
    try {
      const manifest = key
        ? (
            await verifyReleaseProvenance({
              store,
              product,
              version,
              key,
              images: (pullName) => locateReleaseImage(pullName, host.workspace.root, { env: host.environment }),
              hashFiles: true,
              reporter: context.reporter,
            })
          ).manifest
        : await readSealed(context, version);
      await checkTag(git, remote, manifest.tag, manifest.commit);
      const rebuild = request.rebuild ? await rebuildRelease(context, host, manifest) : null;
      const image = manifest.image ? `${manifest.image.repository}@${manifest.image.digest}` : null;
      releases.push({ version, tag: manifest.tag, commit: manifest.commit, envs, files: manifest.files.length, image, signed: key !== undefined, rebuild });
    } catch (error) {
      if (!(error instanceof TagdeployError)) throw error;
      problems.push({ error, text: `${version}${envs.length ? ` (${envs.join(', ')})` : ''}: [${error.code}] ${error.message}` });
    }
  }
  if (problems.length) {
    // Only rebuilds that differed: the code says so, so that a script can tell it from a tampered release.
    const reproducibility = problems.every((problem) => problem.error.code === 'RELEASE_NOT_REPRODUCIBLE');
    if (reproducibility && problems.length === 1 && !releases.length) throw problems[0].error;
    const ok = releases.length ? ` Verified: ${releases.map((release) => release.version).join(', ')}.` : '';
    const code = reproducibility ? 'RELEASE_NOT_REPRODUCIBLE' : 'RELEASE_UNVERIFIED';
    const list = problems.map((problem) => problem.text).join(' | ');
    throw new TagdeployError(code, `${problems.length} release${problems.length > 1 ? 's' : ''} of ${product} failed verification: ${list}${ok}`);
  }
  const result = { product, keyId: key?.keyId ?? null, releases };
  return { result, text: renderVerified(result) };
}

/** release.json as stored, for a rebuild with no key to check its signature. */
async function readSealed(context: ProductContext, version: string): Promise<ReleaseManifest> {
  const manifest = await readReleaseManifest(context.store, context.product, version);
  if (manifest) return manifest;
  throw new TagdeployError('UNSEALED_RELEASE', `${context.product} ${version} is not sealed (no release.json in ${context.store.url}), so there is nothing to rebuild and compare. Run "${command('release', context.product)}" to finish it, or name a sealed release.`);
}

/** The releases to verify, each with the envs that point at it. */
async function readTargets(request: VerifyRequest, context: ProductContext, host: Host): Promise<Map<string, string[]>> {
  const status = await withEnvBackend(context, host, (backend) => backend.readStatus({ product: context.product, envs: context.envs }));
  const byVersion = new Map<string, string[]>();
  if (request.release) byVersion.set(request.release, []);
  for (const row of status.result.envs) {
    if (!row.version || (request.env && row.env !== request.env)) continue;
    if (request.release && row.version !== request.release) continue;
    byVersion.set(row.version, [...(byVersion.get(row.version) ?? []), row.env]);
  }
  if (request.env && !context.envs.includes(request.env)) {
    throw new TagdeployError('UNKNOWN_ENV', `${context.product} has no environment "${request.env}". Environments: ${context.envs.join(', ') || '(none)'}.`);
  }
  if (!byVersion.size) {
    const where = request.env ? `${request.env} runs no release of ${context.product}` : `no environment runs a release of ${context.product}`;
    throw new TagdeployError('UNKNOWN_RELEASE', `Nothing to verify: ${where}. Name one with ${command('verify', context.product, { release: '<version>' })}.`);
  }
  return byVersion;
}

/** The tag here (and on the remote, when there is one) names the commit that was signed. */
async function checkTag(git: Git, remote: string | null, tag: string, commit: string): Promise<void> {
  const local = (await git.readTags(tag)).find((ref) => ref.name === tag);
  const remoteRef = remote ? (await git.readRemoteTags(remote, tag)).find((ref) => ref.name === tag) : undefined;
  for (const [where, ref] of [['this clone', local], [`the remote (${remote})`, remoteRef]] as const) {
    if (where !== 'this clone' && !remote) continue;
    if (!ref) throw new TagdeployError('PROVENANCE_MISMATCH', `The release tag ${tag} is not in ${where}: the signed commit ${commit.slice(0, 7)} cannot be checked. Fetch the tags ("git fetch --tags"), or push the tag back.`);
    if (ref.commit !== commit) throw new TagdeployError('PROVENANCE_MISMATCH', `The release tag ${tag} in ${where} names ${ref.commit.slice(0, 7)}, but the signed release was built from ${commit.slice(0, 7)}: the tag was moved. Put it back on ${commit}.`);
  }
}

const sameAs = (rebuild: RebuiltRelease): string => {
  if (rebuild.image) return `image ${rebuild.image}, the digest`;
  if (rebuild.tarball) return `package tarball of ${rebuild.files} file${rebuild.files === 1 ? '' : 's'}, the integrity ${rebuild.tarball.slice(0, 19)}…`;
  return `${rebuild.files} file${rebuild.files === 1 ? '' : 's'}, every sha256`;
};

function renderVerified(result: VerifyResult): string {
  const lines = result.releases.flatMap((release) => {
    const what = release.image ? `image ${release.image}` : `${release.files} file${release.files === 1 ? '' : 's'} hashed`;
    const envs = release.envs.length ? ` (${release.envs.join(', ')})` : '';
    const verified = result.keyId
      ? [`verified ${result.product} ${release.version}${envs}: signature (key ${result.keyId.slice(0, 16)}…), release.json, ${what}, tag ${release.tag} at ${release.commit.slice(0, 7)}`]
      : [];
    const compared = result.keyId ? 'release.json' : 'release.json as stored (no signing.publicKey: its signature was not checked)';
    const rebuilt = release.rebuild
      ? [`reproducible: ${result.product} ${release.version}${envs} rebuilt from tag ${release.tag} at ${release.commit.slice(0, 7)} in a clean worktree: ${sameAs(release.rebuild)} as in ${compared}`]
      : [];
    return [...verified, ...rebuilt];
  });
  return lines.join('\n');
}
