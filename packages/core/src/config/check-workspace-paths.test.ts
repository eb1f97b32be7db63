// Release-time path checks against a real folder with real symlinks.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWorkspacePaths } from './check-workspace-paths';
import type { ProductConfig } from './config-schema';

const cleanups: string[] = [];
afterEach(() => {
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A workspace folder and, beside it, a folder outside the workspace (the "secret"). */
function aWorkspace(): { root: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'tagdeploy-paths-')));
  cleanups.push(base);
  const root = join(base, 'workspace');
  const outside = join(base, 'secret');
  mkdirSync(join(root, 'apps/checkout'), { recursive: true });
  mkdirSync(outside);
  return { root, outside };
}

const staticProduct = (outputPath: string): ProductConfig => ({ kind: 'static', buildTarget: 'build', outputPath });

function refusal(config: ProductConfig, root: string): { code?: string; message: string } {
  try {
    checkWorkspacePaths(config, 'apps/checkout/tagdeploy.json', root);
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected UNSAFE_OUTPUT, but the paths were accepted');
}

describe('checkWorkspacePaths', () => {
  it('refuses an output folder that is a link to a folder outside the workspace, naming the link and its target', () => {
    const { root, outside } = aWorkspace();
    symlinkSync(outside, join(root, 'dist'));

    const error = refusal(staticProduct('dist'), root);

    expect(error.code).toBe('UNSAFE_OUTPUT');
    expect(error.message).toBe(
      `apps/checkout/tagdeploy.json: outputPath "dist" leads outside the workspace: dist is a link to ${outside}. Nothing was changed: point it at a folder inside the workspace (or replace the link with a real folder), then run again.`,
    );
  });

  it('refuses an output folder below a linked folder, even before the build created it', () => {
    const { root, outside } = aWorkspace();
    symlinkSync(outside, join(root, 'dist'));

    expect(refusal(staticProduct('dist/apps/checkout'), root).message).toContain(`outputPath "dist/apps/checkout" leads outside the workspace: dist is a link to ${outside}`);
  });

  it('refuses a dangling link that a build would write through', () => {
    const { root, outside } = aWorkspace();
    symlinkSync(join(outside, 'not-yet'), join(root, 'dist'));

    expect(refusal(staticProduct('dist/checkout'), root).message).toContain(`dist is a link to ${join(outside, 'not-yet')}`);
  });

  it('refuses a relative link that climbs out, and names every escaping path of a container at once', () => {
    const { root } = aWorkspace();
    symlinkSync('../../..', join(root, 'apps/checkout/up'));
    symlinkSync('..', join(root, 'ctx'));
    const config: ProductConfig = { kind: 'container', buildTarget: 'build', image: 'api', builder: 'docker', outputPath: 'apps/checkout/up/dist', context: 'ctx', dockerfile: 'ctx/Dockerfile' };

    const { message } = refusal(config, root);

    expect(message).toContain('outputPath "apps/checkout/up/dist" leads outside the workspace: apps/checkout/up is a link to');
    expect(message).toContain('context "ctx" leads outside the workspace: ctx is a link to');
    expect(message).toContain('dockerfile "ctx/Dockerfile" leads outside the workspace: ctx is a link to');
  });

  it('refuses an absolute or ".." path even when the schema was bypassed', () => {
    const { root } = aWorkspace();

    expect(refusal(staticProduct('../secret'), root).message).toContain('outputPath "../secret" leads outside the workspace.');
  });

  it.each([
    ['a folder that does not exist yet', (_root: string) => undefined, 'dist/apps/checkout'],
    ['a link to another folder inside the workspace', (root: string) => symlinkSync(join(root, 'apps/checkout'), join(root, 'dist')), 'dist'],
    ['a workspace reached through a linked path', (_root: string) => undefined, 'apps/checkout'],
  ])('accepts %s', (_name, arrange, outputPath) => {
    const { root } = aWorkspace();
    arrange(root);
    const linkedRoot = join(root, '..', 'linked');
    symlinkSync(root, linkedRoot);

    expect(() => checkWorkspacePaths(staticProduct(outputPath), 'apps/checkout/tagdeploy.json', linkedRoot)).not.toThrow();
  });
});
