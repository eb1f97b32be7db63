// Once per e2e run: a registry that stands in for Docker Hub, holding library/node:20-slim made
// from this machine's node (tools/oci/make-node-base-image.ts), since nothing can be pulled here.
// TAGDEPLOY_REGISTRY_MIRRORS points docker.io at it, as a company's pull-through mirror would, so
// the products keep their real base image ("node:20-slim") and their images really start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { makeNodeBaseImage, pushImageToRegistry } from '../../tools/oci/make-node-base-image';
import { startRegistry } from '../../tools/oci/start-registry';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the mirror registry (its repositories under hub/). */
    mirrorRegistry: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-node-base-'));
  const registry = await startRegistry();
  await pushImageToRegistry(await makeNodeBaseImage(join(work, 'node')), registry.host, 'hub/library/node');
  // Inherited by the test workers and every nx / tagdeploy process they start.
  process.env.TAGDEPLOY_REGISTRY_MIRRORS = `docker.io=${registry.host}/hub`;
  project.provide('mirrorRegistry', registry.host);
  return async () => {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  };
}
