// Unpacks image layers into a folder that becomes a container's root, the way a container runtime
// does: oldest layer first, whiteouts remove what lower layers put there, owners and modes kept.
// Every path is resolved inside the root (symlinks are read as the container would see them), so
// a layer's absolute symlink can never make us write outside it.
import { chmod, lchown, link, lstat, mkdir, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { whiteoutOf } from './read-image-layers';
import type { ReadTarEntry } from './tar-reader';

export async function unpackImageLayers(layers: readonly (readonly ReadTarEntry[])[], root: string): Promise<void> {
  for (const layer of layers) {
    const dirModes: [string, number][] = [];
    for (const entry of layer) {
      if (!entry.path) continue;
      const whiteout = whiteoutOf(entry.path);
      if (whiteout && 'opaque' in whiteout) {
        const dir = await inRoot(root, whiteout.opaque, true);
        for (const name of await listNames(dir)) await rm(join(dir, name), { recursive: true, force: true });
        continue;
      }
      const target = join(await inRoot(root, posix.dirname(whiteout ? whiteout.removed : entry.path), true), posix.basename(whiteout ? whiteout.removed : entry.path));
      if (whiteout) {
        await rm(target, { recursive: true, force: true });
        continue;
      }
      const existing = await lstat(target).catch(() => null);
      if (existing && !(existing.isDirectory() && entry.type === 'dir')) await rm(target, { recursive: true, force: true });
      if (entry.type === 'dir') {
        await mkdir(target, { recursive: true });
        dirModes.push([target, entry.mode]);
      } else if (entry.type === 'file') {
        await writeFile(target, entry.body, { mode: entry.mode });
        await chmod(target, entry.mode);
      } else if (entry.type === 'symlink') {
        await symlink(entry.linkname, target);
      } else if (entry.type === 'hardlink') {
        await link(await inRoot(root, entry.linkname, false), target);
      } else {
        continue; // devices and fifos: a container runtime provides /dev itself
      }
      await lchown(target, entry.uid, entry.gid).catch(() => undefined);
    }
    // Modes of folders last, so that a read-only folder could still be filled.
    for (const [dir, mode] of dirModes) await chmod(dir, mode);
  }
}

/** The host path of `path` inside `root`, following symlinks as seen from inside; missing folders are made when asked. */
async function inRoot(root: string, path: string, makeDirs: boolean, hops = 0): Promise<string> {
  if (hops > 40) throw new Error(`too many symlinks resolving ${path} in the image`);
  const parts = posix.normalize(`/${path}`).split('/').filter(Boolean);
  let current = '/';
  for (let i = 0; i < parts.length; i++) {
    const next = posix.join(current, parts[i]);
    const stats = await lstat(join(root, next)).catch(() => null);
    if (stats?.isSymbolicLink()) {
      const linkTarget = await readlink(join(root, next));
      const resolved = linkTarget.startsWith('/') ? linkTarget : posix.join(current, linkTarget);
      return inRoot(root, posix.join(resolved, ...parts.slice(i + 1)), makeDirs, hops + 1);
    }
    if (!stats && makeDirs) await mkdir(join(root, next));
    current = next;
  }
  return join(root, current);
}

async function listNames(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}
