import { describe, expect, it } from 'vitest';
import { NxProductBuilder } from './nx-product-builder';
import { failure } from './testing/failure';
import { linkRepoNodeModules, runRepoBin, type TempWorkspace, tempWorkspaces } from './testing/temp-workspace';

const aTempWorkspace = tempWorkspaces();

const buildScript =
  "const fs = require('node:fs');\nfs.mkdirSync('dist/shop', { recursive: true });\nfs.writeFileSync('dist/shop/release.txt', String(process.env.TAGDEPLOY_VERSION));\n";

/** An Nx workspace whose shop:build is cacheable and (as is easy to forget) does not list TAGDEPLOY_VERSION as an input. */
function anNxWorkspace(build = buildScript): TempWorkspace {
  const workspace = aTempWorkspace({
    'package.json': { name: 'root', private: true },
    'nx.json': {},
    'build.js': build,
    'apps/shop/project.json': { name: 'shop', root: 'apps/shop', targets: { build: { command: 'node build.js', cache: true, outputs: ['{workspaceRoot}/dist/shop'] } } },
  });
  linkRepoNodeModules(workspace);
  return workspace;
}

describe('NxProductBuilder (CLI in an Nx workspace)', () => {
  it('never replays a build that Nx cached for another version', async () => {
    const workspace = anNxWorkspace();
    const cached = runRepoBin(workspace, 'nx', ['run', 'shop:build'], { NX_DAEMON: 'false', TAGDEPLOY_VERSION: '0.1.0' });
    expect(cached.status, cached.stderr).toBe(0);
    await new NxProductBuilder(workspace.root).build({ product: 'shop', target: 'build', version: '0.2.0', tag: 'shop@0.2.0', commit: 'abc1234' });
    expect(workspace.read('dist/shop/release.txt')).toBe('0.2.0');
  });

  it('fails with BUILD_FAILED naming the nx command, and says nothing was tagged or published', async () => {
    const workspace = anNxWorkspace('process.exit(3);\n');
    const error = await failure(new NxProductBuilder(workspace.root).build({ product: 'shop', target: 'build', version: '0.1.0', tag: 'shop@0.1.0', commit: 'abc1234' }));
    expect(error.code).toBe('BUILD_FAILED');
    expect(error.message).toContain('(nx run shop:build --skip-nx-cache --outputStyle=static)');
    expect(error.message).toContain('nothing was tagged or published');
  });
});
