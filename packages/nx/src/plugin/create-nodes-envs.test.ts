// The configured environments, offered where Nx can offer them: as configurations of the targets
// that take an env (an executor's schema.json is static, so --env cannot be an enum there).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateNodesContextV2 } from '@nx/devkit';
import { afterAll, describe, expect, it } from 'vitest';

// The plugin caches its validated settings in Nx's workspace data folder: a temp one here.
const dataDir = mkdtempSync(join(tmpdir(), 'tagdeploy-create-nodes-'));
process.env.NX_WORKSPACE_DATA_DIRECTORY = dataDir;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const context = { nxJsonConfiguration: {}, workspaceRoot: '/virtual' } as CreateNodesContextV2;
const environments = { staging: {}, qa: { promoteFrom: 'staging' }, production: { promoteFrom: 'qa', approval: 'required' as const } };

async function targetsOf(options: object): Promise<Record<string, any>> {
  const { createNodes } = await import('./create-nodes');
  const [[, result]] = await createNodes[1](['apps/web/tagdeploy.json'], options, context);
  return (result as any).projects['apps/web'].targets;
}

describe('createNodes: the configured environments as configurations', () => {
  it('gives deploy and rollback one configuration per env (-c production is --env=production)', async () => {
    const targets = await targetsOf({ environments });
    for (const name of ['deploy', 'rollback']) {
      expect(targets[name].configurations).toEqual({ staging: { env: 'staging' }, qa: { env: 'qa' }, production: { env: 'production' } });
    }
  });

  it('gives promote a configuration per promoted env only (-c production is --to=production)', async () => {
    expect((await targetsOf({ environments })).promote.configurations).toEqual({ qa: { to: 'qa' }, production: { to: 'production' } });
  });

  it("names the envs in the targets' descriptions", async () => {
    const targets = await targetsOf({ environments });
    expect(targets.deploy.metadata.description).toContain('(staging, qa, production)');
    expect(targets.promote.metadata.description).toContain('(qa, production)');
  });
});
