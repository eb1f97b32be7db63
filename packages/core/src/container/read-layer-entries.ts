// Reads a folder into tar entries placed under `target` (e.g. "app"), sorted by path so that the
// same folder always gives the same layer. Parent folders of `target` are included.
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { containerError } from './container-error';
import type { TarEntry } from './tar-writer';

export async function readLayerEntries(folder: string, target: string): Promise<TarEntry[]> {
  const root = target.replace(/^\/+|\/+$/g, '');
  const parents = root.split('/').filter(Boolean);
  const entries: TarEntry[] = parents.map((_, i) => ({ path: parents.slice(0, i + 1).join('/'), type: 'dir', mode: 0o755 }));
  await walk(folder, root, entries);
  return entries;
}

async function walk(folder: string, prefix: string, entries: TarEntry[]): Promise<void> {
  const names = (await readdir(folder)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const path = join(folder, name);
    const entryPath = prefix ? `${prefix}/${name}` : name;
    const stats = await lstat(path);
    const mode = stats.mode & 0o7777;
    if (stats.isDirectory()) {
      entries.push({ path: entryPath, type: 'dir', mode });
      await walk(path, entryPath, entries);
    } else if (stats.isFile()) {
      entries.push({ path: entryPath, type: 'file', mode, body: await readFile(path) });
    } else if (stats.isSymbolicLink()) {
      entries.push({ path: entryPath, type: 'symlink', mode: 0o777, linkname: await readlink(path) });
    } else {
      throw containerError('IMAGE_INVALID', `${path} is neither a file, a folder nor a symlink: it cannot go into an image layer. Remove it from the build output.`);
    }
  }
}
