// What an image's filesystem holds once its layers are stacked (whiteouts applied), as paths
// without their bytes, and where a program of its entrypoint is found, following symlinks the way
// the kernel does inside the image's root.
import { posix } from 'node:path';
import { whiteoutOf } from './read-image-layers';
import type { ReadTarEntry } from './tar-reader';

export interface TreeEntry {
  type: ReadTarEntry['type'];
  mode: number;
  linkname: string;
}

export type ImageFileTree = Map<string, TreeEntry>;

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function buildImageFileTree(layers: readonly (readonly ReadTarEntry[])[]): ImageFileTree {
  const tree: ImageFileTree = new Map();
  const removeUnder = (dir: string, keepSelf: boolean) => {
    for (const path of [...tree.keys()]) {
      if ((!keepSelf && path === dir) || dir === '' || path.startsWith(`${dir}/`)) tree.delete(path);
    }
  };
  for (const layer of layers) {
    for (const entry of layer) {
      const whiteout = whiteoutOf(entry.path);
      if (whiteout && 'opaque' in whiteout) removeUnder(whiteout.opaque, true);
      else if (whiteout) removeUnder(whiteout.removed, false);
      else tree.set(entry.path, { type: entry.type, mode: entry.mode, linkname: entry.linkname });
    }
  }
  return tree;
}

/** The path (inside the image) a path resolves to, or null when some part of it is missing. */
export function resolveInTree(tree: ImageFileTree, path: string, hops = 0): string | null {
  if (hops > 40) return null;
  const parts = posix.normalize(`/${path}`).split('/').filter(Boolean);
  let current = '';
  for (let i = 0; i < parts.length; i++) {
    const candidate = current ? `${current}/${parts[i]}` : parts[i];
    const entry = tree.get(candidate);
    if (!entry) return null;
    if (entry.type === 'symlink') {
      const target = entry.linkname.startsWith('/') ? entry.linkname : posix.join('/', current, entry.linkname);
      return resolveInTree(tree, posix.join(target, ...parts.slice(i + 1)), hops + 1);
    }
    if (entry.type === 'hardlink') {
      return resolveInTree(tree, posix.join('/', entry.linkname, ...parts.slice(i + 1)), hops + 1);
    }
    current = candidate;
  }
  return `/${current}`;
}

/** Where the program of an entrypoint is: a path (relative to the working dir) or a name on PATH. */
export function findProgram(tree: ImageFileTree, program: string, options: { env: readonly string[]; workingDir?: string }): string | null {
  const isExecutable = (path: string) => {
    const resolved = resolveInTree(tree, path);
    const entry = resolved ? tree.get(resolved.slice(1)) : undefined;
    return entry?.type === 'file' && (entry.mode & 0o111) !== 0 ? resolved : null;
  };
  if (program.includes('/')) return isExecutable(posix.resolve('/', options.workingDir ?? '/', program));
  const pathLine = options.env.find((line) => line.startsWith('PATH='));
  const dirs = (pathLine ? pathLine.slice('PATH='.length) : DEFAULT_PATH).split(':').filter(Boolean);
  for (const dir of dirs) {
    const found = isExecutable(posix.join(dir, program));
    if (found) return found;
  }
  return null;
}
