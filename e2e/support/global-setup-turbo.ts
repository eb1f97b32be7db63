// Once per e2e-turbo run: a template copy of examples/turbo-shop with its dependencies installed
// by the pinned pnpm from the committed lockfile. Each test copies the example's sources and
// hard-links this template's node_modules folders (see turbo-shop.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { copyShopSources, pnpmBin, turboShopRoot } from '../../tools/shop/shop-files';

declare module 'vitest' {
  export interface ProvidedContext {
    turboShopTemplate: string;
  }
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-turbo-template-'));
  const template = join(work, 'turbo-shop');
  copyShopSources(template, turboShopRoot);
  const install = spawnSync(process.execPath, [pnpmBin, 'install', '--frozen-lockfile', '--reporter=append-only'], { cwd: template, encoding: 'utf8' });
  if (install.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`pnpm install --frozen-lockfile in a copy of examples/turbo-shop failed (exit ${install.status}):\n${install.stdout}${install.stderr}`);
  }
  project.provide('turboShopTemplate', template);
  return () => rmSync(work, { recursive: true, force: true });
}
