// The Publisher of static products: the build output's files go to the store under
// <product>/releases/<version>/, create-only, copied inside the store when the previous release
// holds the same bytes.
import { join } from 'node:path';
import type { ReleasePlan } from '../plan/release-plan';
import type { ObjectStore } from '../store/object-store';
import { checkStoreTakesFiles, listReleaseFolder } from './check-release-output';
import type { Reporter } from './ports';
import type { PreparedArtifact, PublishedArtifact, Publisher } from './publisher';
import { publishClaim, publishReleaseFiles } from './publish-release-files';
import { readBuildOutput } from './read-build-output';
import { manifestKey, releasePrefix, type ReleaseManifest } from './release-manifest';

export interface PublisherContext {
  store: ObjectStore;
  reporter: Reporter;
  workspaceRoot: string;
}

export class StaticPublisher implements Publisher {
  readonly kind = 'static';

  constructor(private readonly context: PublisherContext) {}

  async check(): Promise<void> {}

  /** The files are checked against the store (names, sizes, room) before they are hashed; the release folder is listed once for the checks. */
  async prepare(release: ReleasePlan): Promise<PreparedArtifact> {
    const { store, workspaceRoot } = this.context;
    const outputPath = release.outputPath ?? '';
    const dir = join(workspaceRoot, outputPath);
    const folder = await listReleaseFolder(store, release);
    const files = await readBuildOutput(dir, outputPath, release.product, (listed) => checkStoreTakesFiles(store, release, listed, folder, { dir, display: outputPath }));
    return { files, folder };
  }

  /** The folder as prepare() listed it tells the publish which recorded objects are still there. */
  async publish(release: ReleasePlan, { files, folder }: PreparedArtifact): Promise<PublishedArtifact> {
    const { store, reporter } = this.context;
    const previousBySha = await readPreviousFiles(store, release);
    const prefix = releasePrefix(release.product, release.version);
    const uploaded = await publishReleaseFiles({ store, prefix, files, reporter, previousBySha, claim: publishClaim(release), listed: folder });
    return { kind: 'static', entry: { files: files.map(({ absPath: _absPath, ...file }) => file) }, uploaded };
  }
}

/** The previous sealed release's files by sha256 (empty when there is none), for server-side copies. */
async function readPreviousFiles(store: ObjectStore, plan: ReleasePlan): Promise<Map<string, string>> {
  const bySha = new Map<string, string>();
  if (!plan.previous) return bySha;
  const sealed = await store.get(manifestKey(plan.product, plan.previous.version));
  if (!sealed) return bySha;
  const manifest = JSON.parse(sealed.body.toString('utf8')) as ReleaseManifest;
  for (const file of manifest.files) bySha.set(file.sha256, releasePrefix(plan.product, manifest.version) + file.path);
  return bySha;
}
