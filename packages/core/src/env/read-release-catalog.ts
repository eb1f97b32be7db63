// Lists the versions of a product in the store: sealed (release.json present) and unfinished.
// It lists every key under <product>/releases/, so its cost grows with release size: the
// deployment flow uses it only when it needs the whole list (error messages, approval changes);
// the newest release comes from read-newest-sealed-release.ts.
import { compare, valid } from 'semver';
import type { ObjectStore } from '../store/object-store';
import type { ReleaseCatalog } from './deployment-plan';

export async function readReleaseCatalog(store: ObjectStore, product: string): Promise<ReleaseCatalog> {
  const prefix = `${product}/releases/`;
  const versions = new Map<string, boolean>();
  for (const key of await store.list(prefix)) {
    const [version, ...rest] = key.slice(prefix.length).split('/');
    if (!version || rest.length === 0) continue;
    const sealed = rest.length === 1 && rest[0] === 'release.json';
    versions.set(version, (versions.get(version) ?? false) || sealed);
  }
  const all = sortVersions([...versions.keys()]);
  return { sealed: all.filter((v) => versions.get(v)), unsealed: all.filter((v) => !versions.get(v)) };
}

/** Ascending by semver; names that are not versions go last, alphabetically. */
export function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => {
    const va = valid(a);
    const vb = valid(b);
    if (va && vb) return compare(va, vb);
    if (va || vb) return va ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
