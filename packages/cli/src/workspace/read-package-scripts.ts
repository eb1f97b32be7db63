// A package's targets: the names of the scripts in its package.json.
import { join } from 'node:path';
import { readJsonFile } from './read-json-file';

export function readPackageScripts(packageDir: string): string[] {
  const file = join(packageDir, 'package.json');
  const manifest = readJsonFile(file, file);
  const scripts = typeof manifest === 'object' && manifest !== null ? (manifest as { scripts?: unknown }).scripts : undefined;
  return typeof scripts === 'object' && scripts !== null ? Object.keys(scripts) : [];
}
