// At release time, before anything is built or tagged: the product's output folder (and a
// container's build context and Dockerfile) must really lie inside the workspace. The schema
// already refused absolute paths and ".." escapes; here symlinked folders are resolved on disk,
// so that a committed link (dist -> /home/me) cannot publish what lies behind it.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { ProductConfig } from './config-schema';
import { resolveWorkspacePath } from './workspace-path';

const pathKeys = ['outputPath', 'context', 'dockerfile'] as const;

/** Throws UNSAFE_OUTPUT naming every path of `config` that resolves outside `workspaceRoot`, and the link that leads there. */
export function checkWorkspacePaths(config: ProductConfig, file: string, workspaceRoot: string): void {
  const root = realpathSync(workspaceRoot);
  const problems: string[] = [];
  for (const key of pathKeys) {
    const value = (config as Partial<Record<(typeof pathKeys)[number], string>>)[key];
    if (value === undefined) continue;
    const problem = escapeOf(value, root);
    if (problem) problems.push(`${key} "${value}" ${problem}`);
  }
  if (problems.length === 0) return;
  throw new TagdeployError(
    'UNSAFE_OUTPUT',
    `${file}: ${problems.join('; ')}. Nothing was changed: point it at a folder inside the workspace (or replace the link with a real folder), then run again.`,
  );
}

/** How the path leaves the workspace, or undefined when every existing part of it stays inside. */
function escapeOf(path: string, root: string): string | undefined {
  const relativePath = resolveWorkspacePath(path);
  if (relativePath === null) return 'leads outside the workspace';
  const parts = relativePath === '' ? [] : relativePath.split('/');
  for (let end = 1; end <= parts.length; end++) {
    const prefix = parts.slice(0, end).join('/');
    const target = realTarget(join(root, prefix));
    if (target === undefined) return undefined; // not there yet: the build creates it inside
    if (!isInside(root, target)) return `leads outside the workspace: ${prefix} is a link to ${target}`;
  }
  return undefined;
}

/** The real path behind `path` (a dangling link: where it points), or undefined when nothing is there. */
function realTarget(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    try {
      return lstatSync(path).isSymbolicLink() ? resolve(dirname(path), readlinkSync(path)) : undefined;
    } catch {
      return undefined;
    }
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
