// A clean temporary checkout of a release's tag (`git worktree add --detach`), made buildable by
// linking the workspace's installed node_modules into it (link-installed-modules.ts), and always
// removed afterwards (on error too): the worktree and its folder, then git's record of it.
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runGit } from '../git/git-cli';
import { linkInstalledModules } from './link-installed-modules';

export interface ReleaseWorktree {
  /** The workspace root inside the checkout (the checkout itself unless the workspace is a subfolder of its repository). */
  root: string;
  /** The temporary folder that holds the checkout (gone once the callback settles). */
  folder: string;
}

export interface WorktreeRequest {
  /** The workspace root (inside a git repository). */
  workspaceRoot: string;
  /** What to check out: the release tag (peeled to its commit). */
  ref: string;
  /** Folders, relative to the workspace root, whose node_modules are linked into the checkout (the root's always). */
  packageRoots: readonly string[];
}

export async function withReleaseWorktree<T>(request: WorktreeRequest, use: (worktree: ReleaseWorktree) => Promise<T>): Promise<T> {
  const { workspaceRoot } = request;
  const top = (await runGit(workspaceRoot, ['rev-parse', '--show-toplevel'])).stdout.trim();
  const folder = await mkdtemp(join(tmpdir(), 'tagdeploy-rebuild-'));
  const checkout = join(folder, 'checkout');
  try {
    await runGit(workspaceRoot, ['worktree', 'add', '--detach', checkout, `${request.ref}^{commit}`]);
    const root = join(checkout, relative(top, await realpath(workspaceRoot)));
    await linkInstalledModules(workspaceRoot, root, request.packageRoots);
    return await use({ root, folder });
  } finally {
    // Removing follows no link (git and fs.rm unlink them), so the installed modules stay.
    await runGit(workspaceRoot, ['worktree', 'remove', '--force', '--force', checkout], { okCodes: [128] }).catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
    await runGit(workspaceRoot, ['worktree', 'prune']).catch(() => undefined);
  }
}
