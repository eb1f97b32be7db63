// Makes a checkout buildable with the workspace's installed dependencies, without installing:
// each node_modules folder of the workspace is recreated in the checkout as a folder of links.
// A link to another workspace package (npm's `node_modules/ui -> ../packages/ui`, pnpm's
// `apps/x/node_modules/ui -> ../../../packages/ui`) is copied as it is, so that it points at the
// package *in the checkout* (the tag's sources); every other entry links to the installed one.
// Caches that builds write there (.vite, .vite-temp, .cache) are left out, so the build never writes into the
// workspace's node_modules.
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

const caches = new Set(['.cache', '.vite', '.vite-temp']);

/** Links `<workspaceRoot>/<root>/node_modules` into `<checkoutRoot>/<root>/node_modules` for each root that has one. */
export async function linkInstalledModules(workspaceRoot: string, checkoutRoot: string, packageRoots: readonly string[]): Promise<void> {
  for (const packageRoot of new Set(['', ...packageRoots])) {
    const installed = join(workspaceRoot, packageRoot, 'node_modules');
    if (!existsSync(installed) || !existsSync(join(checkoutRoot, packageRoot)) || existsSync(join(checkoutRoot, packageRoot, 'node_modules'))) continue;
    await linkFolder({ workspaceRoot, checkoutRoot }, join(packageRoot, 'node_modules'));
  }
}

interface Roots {
  workspaceRoot: string;
  checkoutRoot: string;
}

/** `folder` is relative to both roots: a real folder in the checkout, one link per entry. */
async function linkFolder(roots: Roots, folder: string): Promise<void> {
  const from = join(roots.workspaceRoot, folder);
  const to = join(roots.checkoutRoot, folder);
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (caches.has(entry.name)) continue;
    const name = join(folder, entry.name);
    const source = join(roots.workspaceRoot, name);
    const stats = await lstat(source);
    if (stats.isSymbolicLink()) {
      const target = await readlink(source);
      if (!isAbsolute(target) && isWorkspacePackage(roots.workspaceRoot, resolve(from, target))) {
        await symlink(target, join(roots.checkoutRoot, name));
        continue;
      }
    } else if (stats.isDirectory() && entry.name.startsWith('@')) {
      // A scope folder: its packages may be workspace links too.
      await linkFolder(roots, name);
      continue;
    }
    await symlink(source, join(roots.checkoutRoot, name));
  }
}

/** Inside the workspace, outside every node_modules: a package of the workspace. */
function isWorkspacePackage(workspaceRoot: string, path: string): boolean {
  const inside = relative(workspaceRoot, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return false;
  return !inside.split(sep).includes('node_modules');
}
