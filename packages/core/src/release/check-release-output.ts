// What a static release's files must pass before the tag is created or pushed: the store can
// hold every one of them (names, sizes, room), and the release folder holds nothing that is not
// this build, so that a claimed release can always be published and sealed.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { ReleasePlan } from '../plan/release-plan';
import type { ListedObject, ObjectStore } from '../store/object-store';
import { command } from '../commands/spelling';
import { holdsFile, type LocalFile } from './publish-release-files';
import { recordFolder } from './publish-record';
import type { ListedFile } from './read-build-output';
import { manifestKey, releasePrefix, type ReleaseManifest } from './release-manifest';

const shown = 5;

/** The release folder as it is before publishing, listed once for both checks. */
export async function listReleaseFolder(store: ObjectStore, plan: ReleasePlan): Promise<ListedObject[]> {
  return store.listObjects(releasePrefix(plan.product, plan.version));
}

/** Refuses (UNPUBLISHABLE_OUTPUT) files the store would refuse; files already stored are not written again. */
export async function checkStoreTakesFiles(store: ObjectStore, plan: ReleasePlan, files: readonly ListedFile[], folder: readonly ListedObject[], source: { dir: string; display: string }): Promise<void> {
  const prefix = releasePrefix(plan.product, plan.version);
  const stored = new Set(folder.map((object) => object.key));
  const toWrite = files.filter((file) => !stored.has(prefix + file.path)).map((file) => ({ key: prefix + file.path, size: file.size }));
  const problems = await store.findWriteProblems(toWrite, source.dir);
  if (problems.length === 0) return;
  const lines = problems.map(({ key, problem }) => (key ? `${JSON.stringify(key.slice(prefix.length))} ${problem}` : problem));
  const more = lines.length > shown ? `; and ${lines.length - shown} more` : '';
  throw new TagdeployError(
    'UNPUBLISHABLE_OUTPUT',
    `Build output ${source.display} of ${plan.product} cannot be published to ${store.url}: ${lines.slice(0, shown).join('; ')}${more}. Change the build of ${plan.product} (or the store) and run again; nothing was tagged or published.`,
  );
}

/**
 * A new version's folder must be empty or hold only files of this very build (left by an earlier
 * attempt that never tagged). A seal, or files with other bytes or names, belong to a different
 * release of this version: after a change of the tag pattern, a deleted tag, or another run.
 * Returns the problem as an error for the caller to throw (it first asks the remote whether
 * another run of this commit claimed the version meanwhile), or undefined.
 */
export async function findForeignRelease(store: ObjectStore, plan: ReleasePlan, files: readonly LocalFile[], folder: readonly ListedObject[]): Promise<TagdeployError | undefined> {
  if (folder.length === 0) return undefined;
  const prefix = releasePrefix(plan.product, plan.version);
  const where = `${store.url}/${prefix}`;
  const fix = `Pick another version with ${command('release', plan.product, { 'release-as': '<version>' })} above ${plan.version}`;
  const seal = folder.find((object) => object.key === manifestKey(plan.product, plan.version));
  if (seal) {
    const sealed = await store.get(seal.key);
    const manifest = sealed ? (JSON.parse(sealed.body.toString('utf8')) as Partial<ReleaseManifest>) : {};
    return new TagdeployError(
      'RELEASE_FOLDER_TAKEN',
      `${where} already holds a sealed release of ${plan.product} ${plan.version} (tag ${manifest.tag ?? '?'} at ${manifest.commit?.slice(0, 7) ?? '?'}, built ${manifest.builtAt ?? '?'}), not this one (tag ${plan.tag} at ${plan.commit.slice(0, 7)}): the tag pattern changed or that release's tag was deleted. ${fix}, or restore tag ${manifest.tag ?? plan.tag} if it was deleted; nothing was tagged or published.`,
    );
  }
  const byKey = new Map(files.map((file) => [prefix + file.path, file]));
  const foreign: string[] = [];
  for (const object of folder) {
    // The record of an earlier attempt's uploads is bookkeeping, not a file of a release.
    if (object.key.startsWith(prefix + recordFolder) && !byKey.has(object.key)) continue;
    const file = byKey.get(object.key);
    if (!file) foreign.push(object.key.slice(prefix.length));
    else if (!(await holdsFile(store, object, file))) foreign.push(`${file.path} (other bytes)`);
  }
  if (foreign.length === 0) return undefined;
  const more = foreign.length > shown ? `, and ${foreign.length - shown} more` : '';
  return new TagdeployError(
    'RELEASE_FOLDER_TAKEN',
    `${where} already holds ${foreign.length} file${foreign.length === 1 ? '' : 's'} that ${foreign.length === 1 ? 'is' : 'are'} not this build of ${plan.product} ${plan.version} (${foreign.slice(0, shown).join(', ')}${more}) and no release.json: an unfinished release of ${plan.version} from before (another tag pattern, a deleted tag) left them. ${fix}, or delete that folder if ${plan.version} was never deployed; nothing was tagged or published.`,
  );
}
