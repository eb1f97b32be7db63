// Finds a tool the way a user's own scripts would: the workspace's node_modules/.bin first,
// then PATH. Returns undefined when neither has it, so that each caller can name its own fix.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function resolveWorkspaceBin(root: string, name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const folders = [join(root, 'node_modules', '.bin'), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  return folders.map((folder) => join(folder, name)).find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
