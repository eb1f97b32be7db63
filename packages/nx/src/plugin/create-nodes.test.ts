// The plugin's graph code runs in every Nx command of a workspace: these tests run the built
// plugin in fresh Node processes (as Nx's plugin worker does) and check what it infers, what it
// loads, and that bad options stop the graph every time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const pluginEntry = resolve(__dirname, '../../dist/index.js');

interface Run {
  targets: Record<string, Record<string, unknown>>;
  /** Modules this run loaded outside nx itself. */
  loaded: string[];
  error?: string;
}

/** Calls createNodesV2 in a new Node process, with Nx's workspace data folder at `dataDir`. */
function runPlugin(dataDir: string, options: unknown): Run {
  const script = `
    const before = new Set(Object.keys(require.cache));
    const out = { targets: {}, loaded: [] };
    try {
      const [glob, create] = require(${JSON.stringify(pluginEntry)}).createNodesV2;
      const [[, result]] = create(['apps/checkout/tagdeploy.json'], ${JSON.stringify(options)}, { workspaceRoot: process.cwd() });
      out.targets = result.projects['apps/checkout'].targets;
    } catch (error) { out.error = error.message; }
    out.loaded = Object.keys(require.cache).filter((m) => !before.has(m) && !m.includes('/node_modules/nx/'));
    process.stdout.write(JSON.stringify(out));`;
  const child = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir }, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`plugin process failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Run;
}

const heavy = (loaded: string[]) => loaded.filter((file) => /\/zod\/|@aws-sdk|\/core\/dist\/index\.js|\/executors\//.test(file));

describe('createNodes', () => {
  let dataDir: string;
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('infers the targets under the configured names, with the environments in their descriptions', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagdeploy-plugin-'));
    const options = { targetNames: { deploy: 'ship' }, environments: { qa: {}, live: { promoteFrom: 'qa' } } };
    const { targets, error } = runPlugin(dataDir, options);
    expect(error).toBeUndefined();
    expect(Object.keys(targets).sort()).toEqual(['abandon-release', 'promote', 'release-product', 'release-prune', 'release-status', 'release-verify', 'rollback', 'serve-release', 'ship']);
    expect(targets['serve-release'].configurations).toEqual({ qa: { env: 'qa' }, live: { env: 'live' } });
    expect(targets.ship.executor).toBe('@tagdeploy/nx:deploy');
    expect((targets.ship.metadata as { description: string }).description).toContain('nx ship checkout --env=qa');
    expect((targets.rollback.metadata as { description: string }).description).toContain('--env=live');
  });

  it('validates options once: a later run with the same options loads neither zod nor the engine', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagdeploy-plugin-'));
    const options = { releaseBranch: 'main', targetNames: { deploy: 'ship' } };
    const first = runPlugin(dataDir, options);
    expect(heavy(first.loaded).some((file) => file.includes('/zod/'))).toBe(true);
    const second = runPlugin(dataDir, options);
    expect(second.targets).toEqual(first.targets);
    expect(heavy(second.loaded)).toEqual([]);
    expect(second.loaded.filter((file) => file.includes('/packages/core/'))).toEqual([]);
  });

  it('never loads the engine index, the AWS SDK or an executor, even when it validates', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagdeploy-plugin-'));
    const { loaded } = runPlugin(dataDir, { store: 's3://bucket/releases' });
    expect(loaded.filter((file) => /@aws-sdk|\/core\/dist\/index\.js|\/executors\/|\/release\/|\/store\/s3-store/.test(file))).toEqual([]);
  });

  it('validates again when the options change', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagdeploy-plugin-'));
    runPlugin(dataDir, { targetNames: { deploy: 'ship' } });
    const changed = runPlugin(dataDir, { targetNames: { deploy: 'go-live' } });
    expect(Object.keys(changed.targets)).toContain('go-live');
    expect(Object.keys(changed.targets)).not.toContain('ship');
  });

  it('stops the graph on bad options with one rendered tagdeploy line, on every run, and caches nothing', () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagdeploy-plugin-'));
    const bad = { tagPattern: 'release-{product}', targetNames: { deploy: 'ship' } };
    for (let run = 0; run < 2; run++) {
      const { error } = runPlugin(dataDir, bad);
      expect(error).toMatch(/^tagdeploy error \[INVALID_CONFIG\]: The workspace settings in nx\.json \(the @tagdeploy\/nx plugin options\) has 1 problem: tagPattern: "release-\{product\}" must contain/);
    }
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
