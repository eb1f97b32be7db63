// The newest sealed release of a product, for a deploy that names none, at a cost that does not
// grow with what the store holds: one listing of the version folders (not of their files), then
// a head of release.json from the highest version down until one is sealed (usually the first).
// Nothing is kept beside the releases, so there is no catalog that a crash could leave stale:
// the folders and their seals are the truth.
import { manifestKey } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import type { ReleaseCatalog } from './deployment-plan';
import { sortVersions } from './read-release-catalog';

/** `sealed` holds the newest sealed version only; `unsealed` the unfinished versions above it (all of them when none is sealed). */
export async function readNewestSealedRelease(store: ObjectStore, product: string): Promise<ReleaseCatalog> {
  const newestFirst = sortVersions(await store.listFolders(`${product}/releases/`)).reverse();
  const unsealed: string[] = [];
  for (const version of newestFirst) {
    if (await store.head(manifestKey(product, version))) return { sealed: [version], unsealed: unsealed.reverse() };
    unsealed.push(version);
  }
  return { sealed: [], unsealed: unsealed.reverse() };
}
