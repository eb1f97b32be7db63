// Paths in the settings (outputPath, a container's context and Dockerfile) are relative to the
// workspace root and must stay inside it: an output folder outside would publish whatever lives
// there (a home folder, /etc, a private key). Lexical here (pure); symlinks are resolved at
// release time by checkWorkspacePaths.
import { posix } from 'node:path';

/** The path relative to the workspace root, normalised ("" for the root itself), or null when it leaves the workspace. */
export function resolveWorkspacePath(path: string): string | null {
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return null;
  const normal = posix.normalize(slashed).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return null;
  return normal === '.' ? '' : normal;
}

/** Why the path is not a folder inside the workspace (undefined when it is one). */
export function workspacePathProblem(path: string, options: { allowRoot?: boolean } = {}): string | undefined {
  const resolved = resolveWorkspacePath(path);
  if (resolved === null) return `"${path}" leads outside the workspace: give a path relative to the workspace root that stays inside it (no leading "/", no ".." that climbs out)`;
  if (resolved === '' && !options.allowRoot) return `"${path}" is the workspace root itself, which would publish every file of the workspace (.git included): use the folder the build writes, e.g. dist/apps/checkout`;
  return undefined;
}
