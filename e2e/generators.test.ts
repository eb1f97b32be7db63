// The generators end to end: a fresh Nx workspace (made here, not a copy of the shop) gets
// tagdeploy through its init generator (what `nx add @tagdeploy/nx` runs), one generated static
// and one generated container product, and then releases, deploys, promotes and rolls back each
// with the embedded defaults. Nothing in the generated products is edited by hand.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { initShopRepo, nxBin, nxEnv } from '../tools/shop/shop-files';
import { startServeRelease } from './support/serve';
import type { Shop } from './support/shop';
import { freePort } from '../tools/support/free-port';

interface Workspace {
  dir: string;
  nx(args: string[], env?: Record<string, string>): { code: number | null; stdout: string; output: string };
  /** Runs nx and fails the test with its output unless it exits 0. */
  nxOk(args: string[], env?: Record<string, string>): string;
  commit(path: string, content: string, message: string): void;
  remoteTags(): string[];
  read(path: string): string;
}

let base: string | undefined;
afterEach(() => {
  if (base) rmSync(base, { recursive: true, force: true });
  base = undefined;
});

/** An empty Nx workspace (nx, vite, typescript and the packed @tagdeploy tarballs installed) with tagdeploy added and the two products generated, committed and pushed. */
function aGeneratedWorkspace(): Workspace {
  const template = inject('shopTemplate');
  base = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-generators-'));
  const dir = join(base, 'workspace');
  const remote = join(base, 'remote.git');
  execFileSync('mkdir', ['-p', dir]);
  const pkg = { name: 'fresh', private: true, devDependencies: { nx: '23.3.2', vite: '8.3.8', typescript: '5.9.3', '@tagdeploy/nx': '0.1.0', '@tagdeploy/core': '0.1.0' } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', analytics: false }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n.nx\n');
  // The template's node_modules has exactly these packages installed from the packed tarballs.
  symlinkSync(join(template, 'node_modules'), join(dir, 'node_modules'), 'dir');

  const git = (args: string[], cwd = dir) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  const nx: Workspace['nx'] = (args, env = {}) => {
    const result = spawnSync(process.execPath, [nxBin(template), ...args, ...(args[0] === 'g' ? [] : ['--outputStyle=static'])], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...nxEnv, CI: 'true', ...env },
      timeout: 180_000,
    });
    return { code: result.status, stdout: result.stdout, output: result.stdout + result.stderr };
  };
  const workspace: Workspace = {
    dir,
    nx,
    nxOk(args, env) {
      const run = nx(args, env);
      expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
      return run.stdout;
    },
    commit(path, content, message) {
      writeFileSync(join(dir, path), content);
      git(['add', path]);
      git(['commit', '-q', '-m', message]);
    },
    remoteTags: () => git(['tag', '-l'], remote).split('\n').filter(Boolean).sort(),
    read: (path) => readFileSync(join(dir, path), 'utf8'),
  };
  workspace.nxOk(['g', '@tagdeploy/nx:init', '--no-interactive']);
  workspace.nxOk(['g', '@tagdeploy/nx:product', 'web', '--kind=static', '--no-interactive']);
  workspace.nxOk(['g', '@tagdeploy/nx:product', 'api', '--kind=container', '--no-interactive']);
  initShopRepo(dir, remote);
  return workspace;
}

/** The JSON document a `--json` target printed between Nx's own lines. */
function parseNxJson<T>(stdout: string): T {
  return JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1, stdout.lastIndexOf('}') + 1)) as T;
}

const liveVersions = (workspace: Workspace, product: string): Record<string, string | null> => {
  const status = parseNxJson<{ envs: { env: string; version: string | null }[] }>(workspace.nxOk(['release-status', product, '--json']));
  return Object.fromEntries(status.envs.map((row) => [row.env, row.version]));
};

/** release 0.1.0 → staging → production; a fix; 0.1.1 → staging → production; roll production back. */
function releaseDeployPromoteRollBack(workspace: Workspace, product: string, source: string): void {
  const approve = ['--approve', '--approved-by=Release Manager'];
  workspace.nxOk(['release-product', product]);
  workspace.nxOk(['deploy', product, '--env=staging']);
  workspace.nxOk(['promote', product, '--to=production', ...approve]);
  expect(liveVersions(workspace, product)).toEqual({ staging: '0.1.0', production: '0.1.0' });

  workspace.commit(source, `${workspace.read(source)}\n// fixed\n`, `fix(${product}): a fix`);
  workspace.nxOk(['release-product', product]);
  workspace.nxOk(['deploy', product, '--env=staging']);
  workspace.nxOk(['promote', product, '--to=production', ...approve]);
  expect(liveVersions(workspace, product)).toEqual({ staging: '0.1.1', production: '0.1.1' });

  workspace.nxOk(['rollback', product, '--env=production', '--reason=r', ...approve]);
  expect(liveVersions(workspace, product)).toEqual({ staging: '0.1.1', production: '0.1.0' });
  expect(workspace.remoteTags()).toEqual(expect.arrayContaining([`${product}@0.1.0`, `${product}@0.1.1`]));
}

describe('generators in a fresh Nx workspace', () => {
  it('generates a static product that releases, deploys, promotes and rolls back with the embedded defaults', () => {
    const workspace = aGeneratedWorkspace();

    releaseDeployPromoteRollBack(workspace, 'web', 'apps/web/src/main.ts');

    const release = join(workspace.dir, '.tagdeploy/store/web/releases/0.1.0');
    const html = readFileSync(join(release, 'index.html'), 'utf8');
    expect(html).toContain('<p id="version">v0.1.0</p>');
    expect(html).toMatch(/src="\/r\/0\.1\.0\/assets\/index-[\w-]+\.js"/);
    const pointer = JSON.parse(readFileSync(join(workspace.dir, '.tagdeploy/store/web/envs/production.json'), 'utf8'));
    expect(pointer).toMatchObject({ version: '0.1.0', approvedBy: 'Release Manager', reason: 'r' });
  });

  it('generates a container service whose build is a Docker context and whose /health reports the version', async () => {
    const workspace = aGeneratedWorkspace();

    workspace.nxOk(['build', 'api', '--skip-nx-cache'], { TAGDEPLOY_VERSION: '1.2.3' });

    const out = join(workspace.dir, 'dist/services/api');
    expect(readFileSync(join(out, 'Dockerfile'), 'utf8')).toMatch(/^USER node$/m);
    const port = await freePort();
    const server = spawn(process.execPath, [join(out, 'main.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    try {
      expect(await pollJson(`http://127.0.0.1:${port}/health`)).toEqual({ status: 'ok', product: 'api', version: '1.2.3' });
    } finally {
      server.kill();
    }
  });

  it('refuses CI while releases stay on this machine, then generates workflows offering both products, started by hand only', () => {
    const workspace = aGeneratedWorkspace();

    const refused = workspace.nx(['g', '@tagdeploy/nx:ci', '--provider=github', '--no-interactive']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('"store" is "file:.tagdeploy/store" (set it to s3://bucket/prefix');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: workspace.dir, encoding: 'utf8' })).toBe('');

    const nxJson = JSON.parse(workspace.read('nx.json'));
    Object.assign(nxJson.plugins[0].options, { store: 's3://releases/shop', registry: 'ghcr.io/team', gitops: { repo: 'git@github.com:team/gitops.git' } });
    writeFileSync(join(workspace.dir, 'nx.json'), JSON.stringify(nxJson, null, 2));
    workspace.nxOk(['g', '@tagdeploy/nx:ci', '--provider=github', '--no-interactive']);

    const release = parse(workspace.read('.github/workflows/release.yml'));
    expect(Object.keys(release.on)).toEqual(['workflow_dispatch']);
    expect(release.on.workflow_dispatch.inputs.product.options).toEqual(['api', 'web']);
    expect(parse(workspace.read('.github/workflows/deploy.yml')).jobs.deploy.environment).toBe('${{ inputs.env }}');
  });

  it('refuses to scaffold into a folder that exists, and writes nothing', () => {
    const workspace = aGeneratedWorkspace();

    const run = workspace.nx(['g', '@tagdeploy/nx:product', 'shop', '--kind=static', '--directory=apps/web', '--no-interactive']);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain('The folder apps/web already exists');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: workspace.dir, encoding: 'utf8' })).toBe('');
  });

  it('generates a container product that releases, deploys, promotes and rolls back with the embedded defaults, into an image that answers on its port', async () => {
    const workspace = aGeneratedWorkspace();

    releaseDeployPromoteRollBack(workspace, 'api', 'services/api/src/main.ts');
    // The image production runs after the rollback, started from the registry by its digest.
    const served = await startServeRelease({ dir: workspace.dir } as Shop, 'api', 'production');
    try {
      expect(await pollJson(`${served.url}/health`)).toEqual({ status: 'ok', product: 'api', version: '0.1.0' });
    } finally {
      await served.stop();
    }

    const manifest = JSON.parse(readFileSync(join(workspace.dir, '.tagdeploy/store/api/releases/0.1.0/release.json'), 'utf8'));
    expect(manifest.image).toMatchObject({ reference: 'oci:.tagdeploy/registry/api:0.1.0', digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const production = execFileSync('git', ['--git-dir', join(workspace.dir, '.tagdeploy/gitops.git'), 'show', 'main:apps/api/envs/production/kustomization.yaml'], { encoding: 'utf8' });
    expect(production).toContain('newTag: 0.1.0');
    expect(production).toContain(`digest: ${manifest.image.digest}`);
  });
});


async function pollJson(url: string): Promise<unknown> {
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}
