import { describe, expect, it } from 'vitest';
import { readTurboWorkspace } from './read-turbo-workspace';
import { failure } from './testing/failure';
import { aBuildablePackage, commitAll, linkRepoBins, type TempWorkspace, tempWorkspaces } from './testing/temp-workspace';
import { TurboProductBuilder } from './turbo-product-builder';

const aTempWorkspace = tempWorkspaces();

/** A git-tracked Turborepo whose build task caches dist/** and, as most do, declares no TAGDEPLOY_* env. */
async function aTurborepo(files: Record<string, string | object> = {}): Promise<{ workspace: TempWorkspace; builder: TurboProductBuilder }> {
  const workspace = aTempWorkspace({
    'package.json': { name: 'root', private: true, packageManager: 'npm@10.9.0', workspaces: ['packages/*'] },
    'package-lock.json': { lockfileVersion: 3 },
    'turbo.json': { tasks: { build: { dependsOn: ['^build'], outputs: ['dist/**'] } } },
    '.gitignore': 'node_modules\ndist\n.turbo\n',
    ...aBuildablePackage('shop'),
    ...files,
  });
  linkRepoBins(workspace, ['turbo']);
  commitAll(workspace);
  return { workspace, builder: new TurboProductBuilder(await readTurboWorkspace(workspace.root, 'npm'), 'npm') };
}

const release = (version: string) => ({ product: 'shop', target: 'build', version, tag: `shop@${version}`, commit: 'abc1234' });

describe('TurboProductBuilder', () => {
  it("runs the package's task with TAGDEPLOY_VERSION, TAGDEPLOY_TAG and TAGDEPLOY_COMMIT in its environment", async () => {
    const { workspace, builder } = await aTurborepo();
    await builder.build(release('0.1.0'));
    expect(workspace.read('packages/shop/dist/release.txt')).toBe('0.1.0 shop@0.1.0 abc1234');
  });

  it('never replays a build that turbo cached for another version', async () => {
    const { workspace, builder } = await aTurborepo();
    await builder.build(release('0.1.0'));
    await builder.build(release('0.2.0'));
    expect(workspace.read('packages/shop/dist/release.txt')).toBe('0.2.0 shop@0.2.0 abc1234');
  });

  it('fails with BUILD_FAILED naming the turbo command, and says nothing was tagged or published', async () => {
    const { builder } = await aTurborepo({ 'packages/shop/build.js': 'process.exit(3);\n' });
    const error = await failure(builder.build(release('0.1.0')));
    expect(error.code).toBe('BUILD_FAILED');
    expect(error.message).toContain('turbo run build --filter=shop --force --env-mode=loose');
    expect(error.message).toContain('nothing was tagged or published');
  });

  it('refuses a package without the script (turbo would run nothing and succeed)', async () => {
    const { builder } = await aTurborepo({ 'packages/docs/package.json': { name: 'docs', scripts: { dev: 'x' } } });
    const error = await failure(builder.build({ ...release('0.1.0'), product: 'docs' }));
    expect(error.code).toBe('BUILD_TARGET_MISSING');
    expect(error.message).toContain('docs has no "build" script in packages/docs/package.json');
    expect(error.message).toContain('Its scripts: dev');
  });
});
