// Copies examples/shop's sources (never its node_modules or outputs) to a folder.
import { cpSync } from 'node:fs';
import { join, relative } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
const shopRoot = join(repoRoot, 'examples', 'shop');
const skipped = new Set(['node_modules', 'dist', '.nx', '.tagdeploy', 'package-lock.json']);

export function copyShopSources(to: string): void {
  cpSync(shopRoot, to, {
    recursive: true,
    filter: (source) => !relative(shopRoot, source).split(/[\\/]/).some((part) => skipped.has(part)),
  });
}
