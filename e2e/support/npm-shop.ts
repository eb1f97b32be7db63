// The npm side of an e2e shop: the shop's @shop/sdk renamed to a scope of its own (one registry
// serves the whole run), npm run against the test registry with the test user's auth, and reads
// of what the registry holds.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { RunResult } from './shop';

interface WithRepo {
  dir: string;
  git(args: string[]): string;
}

let scopes = 0;

export interface NpmSide {
  registry: string;
  /** The environment that points npm (and the tool's npm calls) at the test registry with auth. */
  env: Record<string, string>;
  /** The package's name in this test. */
  name: string;
  npm(args: string[], options?: { cwd?: string; env?: Record<string, string> }): RunResult;
  /** `npm view <spec> <field> --json`, parsed; null when the registry has no such thing. */
  view(spec: string, field: string): unknown;
  distTags(): Record<string, string>;
}

/** Renames a package of the shop to a scope of its own and commits it; returns npm helpers for it. */
export function useOwnPackage(shop: WithRepo, packageDir = 'packages/sdk'): NpmSide {
  const registry = inject('npmRegistry');
  const name = `@t${process.pid}x${++scopes}/${packageDir.split('/').pop()}`;
  const file = join(shop.dir, packageDir, 'package.json');
  writeFileSync(file, `${JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), name }, null, 2)}\n`);
  shop.git(['commit', '-q', '-am', `chore: publish ${packageDir} as ${name}`]);
  return npmSide(registry, name, shop.dir);
}

export function npmSide(registry: { url: string; env: Record<string, string> }, name: string, cwd: string): NpmSide {
  const npm = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunResult => {
    const result = spawnSync('npm', args, { cwd: options.cwd ?? cwd, encoding: 'utf8', env: { ...process.env, ...registry.env, ...options.env }, timeout: 120_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
  };
  const view = (spec: string, field: string): unknown => {
    const run = npm(['view', spec, field, '--json']);
    if (run.code !== 0) {
      if (/E404/.test(run.output)) return null;
      throw new Error(`npm view ${spec} ${field} failed: ${run.output}`);
    }
    return run.stdout.trim() ? JSON.parse(run.stdout) : null;
  };
  return { registry: registry.url, env: registry.env, name, npm, view, distTags: () => (view(name, 'dist-tags') as Record<string, string> | null) ?? {} };
}

/** Installs the package in a new folder outside the workspace and returns what running `code` there prints. */
export function installAndRun(side: NpmSide, spec: string, code: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const installed = side.npm(['install', '--no-audit', '--no-fund', spec], { cwd: dir });
  if (installed.code !== 0) throw new Error(`npm install ${spec} failed: ${installed.output}`);
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8' }).trim();
}
