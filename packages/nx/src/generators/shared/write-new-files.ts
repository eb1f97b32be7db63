// Generators never overwrite: each file is written only when it does not exist yet, and what was
// left alone is reported, so that running a generator twice changes nothing.
import { logger, type Tree } from '@nx/devkit';

export interface NewFile {
  path: string;
  content: string;
}

/** Writes each file that does not exist yet; returns the paths that existed and were left alone. */
export function writeNewFiles(tree: Tree, files: readonly NewFile[]): string[] {
  const skipped: string[] = [];
  for (const file of files) {
    if (tree.exists(file.path)) skipped.push(file.path);
    else tree.write(file.path, file.content);
  }
  return skipped;
}

/** One warning naming what was kept as it was (nothing when nothing was skipped). */
export function reportSkipped(skipped: readonly string[], what = 'exists'): void {
  if (skipped.length === 0) return;
  logger.warn(`tagdeploy: kept as it is (already ${what}, not overwritten): ${skipped.join(', ')}`);
}

export const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
