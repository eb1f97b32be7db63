// tagdeploy init <product> --output-path: the output folder is what gets published, so it must lie
// inside the workspace (no absolute path, no ".." out, no link that leads out); nothing is written
// otherwise.
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workspace } from '@tagdeploy/core';
import { describe, expect, it } from 'vitest';
import { initWorkspace } from './init-workspace';
import { tempWorkspaces } from './workspace/testing/temp-workspace';

const aTempWorkspace = tempWorkspaces();

function aShop() {
  const files = aTempWorkspace({ 'package.json': { name: 'root', private: true, workspaces: ['apps/*'] }, 'apps/web/package.json': { name: 'web', scripts: { build: 'vite build' } } });
  const workspace: Workspace = { root: files.root, projects: { web: { name: 'web', root: 'apps/web', dependencies: [], targets: ['build'] } } };
  return { files, workspace };
}

function refusal(run: () => unknown): { code?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected init to refuse, but it wrote the file');
}

describe('tagdeploy init <product> --output-path', () => {
  it.each(['../../etc', '/etc', 'apps/web/../../..', '..\\secret', '.'])('refuses %s, naming the flag, and writes nothing', (outputPath) => {
    const { files, workspace } = aShop();

    const error = refusal(() => initWorkspace({ product: 'web', outputPath }, workspace));

    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message.startsWith(`--output-path "${outputPath}" `)).toBe(true);
    expect(error.message).toMatch(/(leads outside the workspace|is the workspace root itself).*Nothing was written\.$/);
    expect(existsSync(join(files.root, 'apps/web/tagdeploy.json'))).toBe(false);
  });

  it('refuses an output folder behind a link that leads out of the workspace, and writes nothing', () => {
    const { files, workspace } = aShop();
    const outside = mkdtempSync(join(tmpdir(), 'tagdeploy-outside-'));
    try {
      symlinkSync(outside, join(files.root, 'apps/web/dist'));

      const error = refusal(() => initWorkspace({ product: 'web' }, workspace));

      expect(error.code).toBe('UNSAFE_OUTPUT');
      expect(error.message).toContain(`outputPath "apps/web/dist" leads outside the workspace: apps/web/dist is a link to ${outside}`);
      expect(existsSync(join(files.root, 'apps/web/tagdeploy.json'))).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('writes a folder inside the workspace, normalised as given', () => {
    const { files, workspace } = aShop();

    initWorkspace({ product: 'web', outputPath: 'dist/web' }, workspace);

    expect(JSON.parse(files.read('apps/web/tagdeploy.json'))).toMatchObject({ kind: 'static', outputPath: 'dist/web' });
  });
});

describe('tagdeploy init (the workspace settings)', () => {
  it.each([
    [',', '--environments="," names no environment'],
    ['staging,../prod', '--environments: "../prod" is not a valid environment name'],
    ['staging,a/b', '--environments: "a/b" is not a valid environment name'],
  ])('refuses --environments %s and writes nothing', (environments, says) => {
    const { files, workspace } = aShop();

    expect(refusal(() => initWorkspace({ environments }, workspace)).message).toContain(says);
    expect(existsSync(join(files.root, 'tagdeploy.config.json'))).toBe(false);
  });
});
