// release-verify --rebuild: builds a sealed static release again from its tag, in a clean temporary
// worktree, with the host's own builder (the one a release builds with), and compares every file's
// sha256 with release.json. Reproducible is the result; any difference is RELEASE_NOT_REPRODUCIBLE
// naming the files. Reads the store, writes nothing there (nor tags, pointers or the GitOps repo).
import { join } from 'node:path';
import type { ProductConfig } from '../config/config-schema';
import { TagdeployError } from '../errors/tagdeploy-error';
import { compareRebuiltFiles, formatRebuildDifferences, isReproducible } from '../rebuild/compare-rebuilt-files';
import { withReleaseWorktree } from '../rebuild/with-release-worktree';
import { readBuildOutput } from '../release/read-build-output';
import type { ReleaseManifest } from '../release/release-manifest';
import type { Host } from './host';
import type { ProductContext } from './load-product-context';
import { readProductConfigs } from './read-product-configs';
import { command } from './spelling';

export interface RebuiltRelease {
  /** Files rebuilt, each with the sha256 release.json lists. */
  files: number;
  /** The temporary folder the tag was checked out in (removed). */
  worktree: string;
}

/** Refuses, before anything is read, the kinds whose rebuild is not implemented. */
export function checkRebuildable(product: string, kind: ProductConfig['kind']): void {
  if (kind === 'static') return;
  const what = kind === 'container' ? 'the image digest' : 'the tarball';
  throw new TagdeployError(
    'REBUILD_NOT_SUPPORTED',
    `Rebuilding ${product} is not implemented for ${kind} products yet: only static products are rebuilt and compared (${what} is not). Verify its signed provenance without --rebuild: ${command('verify', product)}.`,
  );
}

export async function rebuildRelease(context: ProductContext, host: Host, manifest: ReleaseManifest): Promise<RebuiltRelease> {
  const { product, reporter } = context;
  checkRebuildable(product, manifest.kind);
  const { version, tag, commit } = manifest;
  const packageRoots = Object.values(host.workspace.projects).map((project) => project.root);
  const { comparison, worktree } = await withReleaseWorktree({ workspaceRoot: host.workspace.root, ref: `refs/tags/${tag}`, packageRoots }, async ({ root, folder }) => {
    // The tag's own tagdeploy.json says what it builds and where the output goes.
    const config = readConfigAt(root, context, host);
    const outputPath = config.outputPath ?? '';
    reporter.info(`rebuilding ${product} ${version} from ${tag} (${commit.slice(0, 7)}) in a clean temporary worktree (target ${config.buildTarget}, no cache)`);
    await host.builder.build({ product, target: config.buildTarget, version, tag, commit, checkout: root });
    const rebuilt = await readBuildOutput(join(root, outputPath), outputPath, product);
    return { comparison: compareRebuiltFiles(manifest.files, rebuilt), worktree: folder };
  });
  if (!isReproducible(comparison)) {
    throw new TagdeployError(
      'RELEASE_NOT_REPRODUCIBLE',
      `${product} ${version} is not reproducible: building its tag ${tag} (${commit.slice(0, 7)}) again gave other files than were released (${formatRebuildDifferences(comparison)}; ${comparison.same} of ${manifest.files.length} the same). Make the build deterministic (no timestamps, random names or absolute paths in its output), then release a new version.`,
    );
  }
  return { files: comparison.same, worktree };
}

function readConfigAt(root: string, context: ProductContext, host: Host): ProductConfig {
  const project = host.workspace.projects[context.product];
  if (!project) return context.config;
  const atTag = readProductConfigs({ root, projects: { [context.product]: project } }, context.product, context.reporter)[context.product];
  return atTag ?? context.config;
}
