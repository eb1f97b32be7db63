// Once per e2e run: pack @tagdeploy/core and @tagdeploy/nx exactly as they would be published,
// and install them (with the shop's own dependencies) into a template copy of examples/shop.
// Each test then copies the shop's sources and links this template's node_modules.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { copyShopSources, installShop, packTagdeploy } from '../../tools/shop/shop-files';

declare module 'vitest' {
  export interface ProvidedContext {
    shopTemplate: string;
  }
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-template-'));
  const template = join(work, 'shop');
  copyShopSources(template);
  installShop(template, packTagdeploy(join(work, 'packs')));
  project.provide('shopTemplate', template);
  return () => rmSync(work, { recursive: true, force: true });
}
