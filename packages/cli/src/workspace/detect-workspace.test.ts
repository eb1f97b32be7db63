import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectWorkspace } from './detect-workspace';
import { failure } from './testing/failure';
import { type TempWorkspace, tempWorkspaces } from './testing/temp-workspace';

const aTempWorkspace = tempWorkspaces();

function aWorkspace(files: Record<string, string | object>): TempWorkspace {
  return aTempWorkspace({ 'packages/a/package.json': { name: 'a' }, ...files });
}

describe('detectWorkspace', () => {
  it('finds an Nx workspace by its nx.json, with the package manager of its lockfile', () => {
    const { root } = aWorkspace({ 'nx.json': {}, 'package.json': { name: 'root' }, 'pnpm-lock.yaml': '' });
    expect(detectWorkspace(root)).toEqual({ root, kind: 'nx', packageManager: 'pnpm' });
  });

  it('finds a Turborepo by its turbo.json, with the package manager its packageManager field names', () => {
    const { root } = aWorkspace({ 'turbo.json': { tasks: {} }, 'package.json': { name: 'root', packageManager: 'yarn@1.22.22', workspaces: ['packages/*'] } });
    expect(detectWorkspace(root)).toEqual({ root, kind: 'turbo', packageManager: 'yarn' });
  });

  it('finds a pnpm workspace by its pnpm-workspace.yaml', () => {
    const { root } = aWorkspace({ 'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n', 'package.json': { name: 'root' } });
    expect(detectWorkspace(root)).toEqual({ root, kind: 'pnpm', packageManager: 'pnpm' });
  });

  it('takes package.json "workspaces" without a yarn.lock for npm workspaces', () => {
    const { root } = aWorkspace({ 'package.json': { name: 'root', workspaces: ['packages/*'] } });
    expect(detectWorkspace(root)).toEqual({ root, kind: 'npm', packageManager: 'npm' });
  });

  it('takes package.json "workspaces" with a yarn.lock for yarn workspaces', () => {
    const { root } = aWorkspace({ 'package.json': { name: 'root', workspaces: ['packages/*'] }, 'yarn.lock': '' });
    expect(detectWorkspace(root)).toEqual({ root, kind: 'yarn', packageManager: 'yarn' });
  });

  it('walks up from a folder inside a package to the workspace root', () => {
    const { root } = aWorkspace({ 'package.json': { name: 'root', workspaces: ['packages/*'] }, 'packages/a/src/index.js': '' });
    expect(detectWorkspace(join(root, 'packages/a/src')).root).toBe(root);
  });

  it('passes over a package turbo.json that extends the root one', () => {
    const { root } = aWorkspace({ 'turbo.json': { tasks: {} }, 'package.json': { name: 'root', workspaces: ['packages/*'] }, 'packages/a/turbo.json': { extends: ['//'], tasks: {} } });
    expect(detectWorkspace(join(root, 'packages/a'))).toMatchObject({ root, kind: 'turbo' });
  });

  it('fails with NO_WORKSPACE naming the folder and the files it looks for', async () => {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'tagdeploy-no-workspace-')));
    try {
      const error = await failure(() => detectWorkspace(folder));
      expect(error.code).toBe('NO_WORKSPACE');
      expect(error.message).toContain(folder);
      expect(error.message).toContain('nx.json, turbo.json, pnpm-workspace.yaml or a package.json with "workspaces"');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
