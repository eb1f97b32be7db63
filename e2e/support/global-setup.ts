// Once per e2e run: pack @tagdeploy/core and @tagdeploy/nx exactly as they would be published,
// and install them (with the shop's own dependencies) into a template copy of examples/shop.
// Each test then copies the shop's sources and links this template's node_modules.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { copyShopSources, repoRoot } from './shop-files';

declare module 'vitest' {
  export interface ProvidedContext {
    shopTemplate: string;
  }
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-template-'));
  const packs = join(work, 'packs');
  execFileSync('npm', ['pack', '--pack-destination', packs, '-w', '@tagdeploy/core', '-w', '@tagdeploy/nx'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const template = join(work, 'shop');
  copyShopSources(template);
  const tarballs = readdirSync(packs).map((file) => join(packs, file));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: template,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  project.provide('shopTemplate', template);
  return () => rmSync(work, { recursive: true, force: true });
}
