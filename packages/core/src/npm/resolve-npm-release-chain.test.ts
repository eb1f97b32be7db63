import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProductConfig } from '../config/config-schema';
import type { Workspace } from '../workspace/workspace';
import { resolveNpmReleaseChain } from './resolve-npm-release-chain';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A workspace of packages under packages/<name>, each depending on the names given. */
function aWorkspace(packages: Record<string, string[]>): Workspace {
  root = mkdtempSync(join(tmpdir(), 'tagdeploy-chain-'));
  const projects: Workspace['projects'] = {};
  for (const [name, dependencies] of Object.entries(packages)) {
    mkdirSync(join(root, 'packages', name), { recursive: true });
    const manifest = { name: `@acme/${name}`, version: '0.0.0', dependencies: Object.fromEntries(dependencies.map((dep) => [`@acme/${dep}`, 'workspace:*'])) };
    writeFileSync(join(root, 'packages', name, 'package.json'), JSON.stringify(manifest));
    projects[name] = { name, root: `packages/${name}`, dependencies, targets: ['build'] };
  }
  return { root, projects };
}

const npm = { kind: 'npm', buildTarget: 'build' } as unknown as ProductConfig;
const web = { kind: 'static', buildTarget: 'build', outputPath: 'dist' } as unknown as ProductConfig;

describe('resolveNpmReleaseChain', () => {
  it('lists the npm products a package depends on, through each other, dependencies first', () => {
    const workspace = aWorkspace({ app: ['ui', 'sdk'], ui: ['tokens'], sdk: ['tokens'], tokens: [] });
    expect(resolveNpmReleaseChain(workspace, { app: npm, ui: npm, sdk: npm, tokens: npm }, 'app')).toEqual(['tokens', 'sdk', 'ui']);
  });

  it('follows only npm products (the release refuses any other workspace dependency itself)', () => {
    const workspace = aWorkspace({ app: ['ui', 'site'], ui: [], site: ['ui'] });
    expect(resolveNpmReleaseChain(workspace, { app: npm, ui: npm, site: web }, 'app')).toEqual(['ui']);
  });

  it('lists each product once and never the product itself, even through a cycle', () => {
    const workspace = aWorkspace({ a: ['b'], b: ['a', 'c'], c: [] });
    expect(resolveNpmReleaseChain(workspace, { a: npm, b: npm, c: npm }, 'a')).toEqual(['c', 'b']);
  });

  it('is empty for a package without workspace dependencies', () => {
    expect(resolveNpmReleaseChain(aWorkspace({ solo: [] }), { solo: npm }, 'solo')).toEqual([]);
  });
});
