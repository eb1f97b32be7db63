// release-verify --rebuild: builds a sealed release again from its tag, in a clean temporary
// worktree, with the host's own builder (the one a release builds with), and compares the result
// with release.json: every file's sha256 (static), the digest of the image built from the
// output (container, built into a temp layout and never pushed), or the integrity of the package
// tarball packed again (npm, see repack-npm-release.ts). Reproducible is the result; any
// difference is RELEASE_NOT_REPRODUCIBLE naming what differs. Writes nothing to the store, the
// tags, the env pointers, the registry or the GitOps repo.
import { isAbsolute, join } from 'node:path';
import type { ProductConfig } from '../config/config-schema';
import { buildReleaseImage } from '../container/publish-container-release';
import { isTagdeployError, TagdeployError } from '../errors/tagdeploy-error';
import { GitCli } from '../git/git-cli';
import { compareRebuiltFiles, formatRebuildDifferences, isReproducible, type RebuildComparison } from '../rebuild/compare-rebuilt-files';
import { readReleasedTarball, repackNpmRelease } from '../rebuild/repack-npm-release';
import { withReleaseWorktree, type ReleaseWorktree } from '../rebuild/with-release-worktree';
import { readBuildOutput } from '../release/read-build-output';
import type { ReleaseManifest } from '../release/release-manifest';
import { containerArtifact } from './container-artifact';
import type { Host } from './host';
import type { ProductContext } from './load-product-context';
import { readProductConfigs } from './read-product-configs';

export interface RebuiltRelease {
  /** Static: files rebuilt, each with the sha256 release.json lists (0 for an image); npm: the files in the tarball. */
  files: number;
  /** Container: the digest the rebuilt image has, the one release.json lists. */
  image: string | null;
  /** npm: the integrity of the tarball packed again, the one release.json lists. */
  tarball: string | null;
  /** The temporary folder the tag was checked out in (removed). */
  worktree: string;
}

type Rebuilt =
  | { kind: 'files'; comparison: RebuildComparison }
  | { kind: 'image'; digest: string }
  | { kind: 'tarball'; integrity: string; files: number; comparison: RebuildComparison | null };

export async function rebuildRelease(context: ProductContext, host: Host, manifest: ReleaseManifest): Promise<RebuiltRelease> {
  const { product, reporter } = context;
  const { version, tag, commit } = manifest;
  if (manifest.kind === 'npm' && !manifest.package) throw new TagdeployError('REBUILD_NOT_SUPPORTED', `${product} ${version} is an npm release whose release.json names no package tarball, so there is nothing to pack again and compare with. Verify it without --rebuild.`);
  // A stored tarball that is gone or changed is refused before the build, not after it.
  const releasedTarball = manifest.kind === 'npm' ? await readReleasedTarball(context.store, manifest) : null;
  const packageRoots = Object.values(host.workspace.projects).map((project) => project.root);
  const { rebuilt, worktree } = await withReleaseWorktree({ workspaceRoot: host.workspace.root, ref: `refs/tags/${tag}`, packageRoots }, async (checkout) => {
    // The tag's own tagdeploy.json says what it builds and where the output goes.
    const config = readConfigAt(checkout.root, context, host);
    reporter.info(`rebuilding ${product} ${version} from ${tag} (${commit.slice(0, 7)}) in a clean temporary worktree (target ${config.buildTarget}, no cache)`);
    await host.builder.build({ product, target: config.buildTarget, version, tag, commit, checkout: checkout.root }).catch((error: unknown) => {
      throw rebuildFailed(error, `${product} ${version}`, tag);
    });
    const outputPath = config.outputPath ?? '';
    if (manifest.image) return { rebuilt: await rebuildImage(context, host, manifest, config, checkout), worktree: checkout.folder };
    if (releasedTarball) {
      const repacked = await repackNpmRelease({ released: releasedTarball, manifest, checkout: { ...host.workspace, root: checkout.root } });
      return { rebuilt: { kind: 'tarball', ...repacked } as Rebuilt, worktree: checkout.folder };
    }
    const files = await readBuildOutput(join(checkout.root, outputPath), outputPath, product);
    return { rebuilt: { kind: 'files', comparison: compareRebuiltFiles(manifest.files, files) } as Rebuilt, worktree: checkout.folder };
  });
  const what = `${product} ${version} is not reproducible: building its tag ${tag} (${commit.slice(0, 7)}) again gave`;
  const fix = 'Make the build deterministic (no timestamps, random names or absolute paths in its output), then release a new version.';
  if (rebuilt.kind === 'image') {
    if (rebuilt.digest !== manifest.image?.digest) throw new TagdeployError('RELEASE_NOT_REPRODUCIBLE', `${what} the image ${rebuilt.digest}, not the released ${manifest.image?.digest}. ${fix}`);
    return { files: 0, image: rebuilt.digest, tarball: null, worktree };
  }
  if (rebuilt.kind === 'tarball') {
    const released = manifest.package?.integrity ?? '';
    if (rebuilt.integrity === released) return { files: rebuilt.files, image: null, tarball: rebuilt.integrity, worktree };
    const files = rebuilt.comparison && !isReproducible(rebuilt.comparison) ? `${formatRebuildDifferences(rebuilt.comparison)}; ${rebuilt.comparison.same} of ${rebuilt.files} the same` : `the same ${rebuilt.files} files, packed otherwise (another npm version packs differently)`;
    throw new TagdeployError('RELEASE_NOT_REPRODUCIBLE', `${what} a package tarball of integrity ${rebuilt.integrity}, not the released ${released} (${files}). ${fix}`);
  }
  const { comparison } = rebuilt;
  if (!isReproducible(comparison)) {
    throw new TagdeployError('RELEASE_NOT_REPRODUCIBLE', `${what} other files than were released (${formatRebuildDifferences(comparison)}; ${comparison.same} of ${manifest.files.length} the same). ${fix}`);
  }
  return { files: comparison.same, image: null, tarball: null, worktree };
}

/**
 * The image built from the checkout's output, into the worktree's temp folder, never pushed: the
 * paths the product's settings name are the checkout's; registries (the base image) the workspace's.
 */
async function rebuildImage(context: ProductContext, host: Host, manifest: ReleaseManifest, config: ProductConfig, checkout: ReleaseWorktree): Promise<Rebuilt> {
  const { product, reporter, settings } = context;
  const projectRoot = host.workspace.projects[product]?.root ?? '';
  const artifact = containerArtifact({ ...host.workspace, root: checkout.root }, product, config, settings.registry, `${projectRoot ? `${projectRoot}/` : ''}tagdeploy.json`, host.environment);
  if (!artifact || !manifest.image) throw new TagdeployError('REBUILD_NOT_SUPPORTED', `${product} ${manifest.version} is a container release, but its tagdeploy.json at ${manifest.tag} is not a container product's, so its image cannot be rebuilt the same way.`);
  const inCheckout = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : join(checkout.root, path));
  const options = artifact.builderOptions;
  const git = await GitCli.open(host.workspace.root);
  const built = await buildReleaseImage(
    {
      product,
      version: manifest.version,
      tag: manifest.tag,
      commit: manifest.commit,
      source: '',
      // As at the release: the commit's time is the image's.
      createdAt: await git.readCommitDate(manifest.commit),
      outputDir: join(checkout.root, config.outputPath ?? ''),
      image: artifact.image,
      builderKind: artifact.builder,
      registry: artifact.registry,
      workspaceRoot: host.workspace.root,
      reporter,
      builderOptions: { ...options, dockerfile: inCheckout(options.dockerfile), context: inCheckout(options.context) },
    },
    join(checkout.folder, 'image'),
    manifest.image.reference,
  );
  return { kind: 'image', digest: built.digest };
}

function readConfigAt(root: string, context: ProductContext, host: Host): ProductConfig {
  const project = host.workspace.projects[context.product];
  if (!project) return context.config;
  const atTag = readProductConfigs({ root, projects: { [context.product]: project } }, context.product, context.reporter)[context.product];
  return atTag ?? context.config;
}

/** A build that fails in the rebuild says so in the rebuild's terms (the release's own message speaks of tagging). */
export function rebuildFailed(error: unknown, release: string, tag: string): unknown {
  if (!isTagdeployError(error) || error.code !== 'BUILD_FAILED') return error;
  const cause = error.message.replace(/; nothing was tagged or published\..*$/s, '');
  return new TagdeployError(
    'BUILD_FAILED',
    `Rebuilding ${release} from its tag ${tag} failed: ${cause}. The release, the store and the tags are unchanged. It cannot be shown reproducible until the tag builds in a clean checkout (only what git tracks, with this workspace's node_modules): make the build depend on nothing else, then release a new version.`,
  );
}
