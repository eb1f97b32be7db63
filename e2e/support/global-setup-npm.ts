// For the e2e project: one real npm registry (verdaccio, 127.0.0.1, no uplinks) for the whole
// run, with a user whose token sits in an npm user config of its own. Each test publishes
// packages under its own scope, so no test sees another's versions.
import type { TestProject } from 'vitest/node';
import { startVerdaccio } from '../../tools/npm-registry/start-verdaccio';

declare module 'vitest' {
  export interface ProvidedContext {
    npmRegistry: { url: string; userconfig: string; env: Record<string, string> };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const registry = await startVerdaccio();
  project.provide('npmRegistry', { url: registry.url, userconfig: registry.userconfig, env: registry.env });
  return () => registry.stop();
}
