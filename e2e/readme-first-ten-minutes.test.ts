// README's "First ten minutes", run as written: the shell blocks are read from README.md (so the
// docs cannot drift from what works), in a fresh Nx workspace that has only nx, vite and typescript
// installed, with tagdeploy installed from the tarballs `npm run pack` writes. Installs prefer the
// local npm cache (what `npm ci` of this repository put there), so they need no network.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { nxEnv, repoRoot } from '../tools/shop/shop-files';
import { startServing, type ServedEnv } from './support/serve';

let base: string | undefined;
let served: ServedEnv | undefined;
afterEach(async () => {
  await served?.stop();
  if (base) rmSync(base, { recursive: true, force: true });
  base = served = undefined;
});

/** The ```sh blocks of one README section, each as its command lines (comment-only lines dropped; bash ignores trailing comments itself). */
function shellBlocksOf(section: string): string[][] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}\n`);
  expect(start, `README.md has a "## ${section}" section`).toBeGreaterThan(-1);
  const body = readme.slice(start + 1).split(/\n## /)[0];
  return [...body.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) => block[1].split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')));
}

/**
 * A user's shell whose output goes to a log: no colour settings at all (FORCE_COLOR and NO_COLOR
 * unset), and not a CI runner (with CI set, Nx colours its own lines whatever the output is).
 */
function env(workspace: string): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, CI: _ci, ...inherited } = { ...process.env, ...nxEnv };
  return {
    ...inherited,
    WORKSPACE: workspace,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/** Runs one README line with bash, as a user would paste it; fails the test with its output unless it exits 0. */
function run(line: string, cwd: string, workspace: string): string {
  const result = spawnSync('bash', ['-c', line], { cwd, env: env(workspace), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  expect(result.status, `${line}\n(in ${cwd})\n${result.stdout}${result.stderr}`).toBe(0);
  return result.stdout + result.stderr;
}

/** What the README assumes: an Nx workspace on main with vite and typescript installed (the versions examples/shop uses), committed. */
function aFreshNxWorkspace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const { devDependencies } = JSON.parse(readFileSync(join(repoRoot, 'examples/shop/package.json'), 'utf8'));
  const pkg = { name: 'my-workspace', private: true, devDependencies: { nx: devDependencies.nx, vite: devDependencies.vite, typescript: devDependencies.typescript } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n');
  run('npm install --loglevel=error', dir, dir);
  run('git init -q -b main && git config user.name "Test Lead" && git config user.email lead@example.com && git config commit.gpgsign false && git config tag.gpgsign false', dir, dir);
  run('git add -A && git commit -qm "chore: a fresh Nx workspace"', dir, dir);
}

it("follows README's first ten minutes from a checkout: pack, install from the tarballs, init, generate, release, deploy, serve, promote, fix, roll back", async () => {
  base = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-readme-'));
  const workspace = join(base, 'my-workspace');
  aFreshNxWorkspace(workspace);
  const [pack, install, release, ...others] = shellBlocksOf('First ten minutes');
  expect(others).toEqual([]);

  // In the clone: this checkout is already installed (npm ci here would replace the node_modules
  // this test runs from), so the rest of the line runs as written.
  expect(pack).toHaveLength(1);
  expect(pack[0]).toMatch(/^npm ci && npm run pack /);
  run(pack[0].replace(/^npm ci && /, ''), repoRoot, workspace);

  const outputs: Record<string, string> = {};
  for (const line of [...install, ...release]) {
    if (!/ serve-release /.test(line)) {
      outputs[line] = run(line, workspace, workspace);
      continue;
    }
    // A server that runs until stopped: on a free port (tests never take a fixed one), looked at, stopped.
    served = await startServing(['bash', '-c', `${line.replace(/\s+#.*$/, '')} --port=0`], { cwd: workspace, env: env(workspace) }, line);
    expect(await (await fetch(`${served.url}/`)).text()).toContain('v0.1.0');
    await served.stop();
    served = undefined;
  }

  // Readable in a log: the nested build prints no colour codes, and each result line comes once.
  const releaseOutput = outputs[release.find((line) => /^npx nx release-product web\b/.test(line)) ?? ''];
  expect(releaseOutput).toContain('vite');
  expect(releaseOutput).not.toContain('\x1b[');
  const rollback = outputs[release.find((line) => line.startsWith('npx nx rollback ')) ?? ''];
  expect(rollback.match(/Rolled back web in production: 0\.1\.1 → 0\.1\.0, switched in \d+ ms, approved by Ana\./g)).toHaveLength(1);
  expect(rollback.match(/0\.1\.1 → 0\.1\.0/g)).toHaveLength(1);

  const status = run('npx nx release-status web --json --outputStyle=static', workspace, workspace);
  const live = JSON.parse(status.slice(status.indexOf('\n{') + 1, status.lastIndexOf('}') + 1)) as { envs: { env: string; version: string }[] };
  expect(Object.fromEntries(live.envs.map((row) => [row.env, row.version]))).toEqual({ staging: '0.1.1', production: '0.1.0' });
  const production = JSON.parse(readFileSync(join(workspace, '.tagdeploy/store/web/envs/production.json'), 'utf8'));
  expect(production).toMatchObject({ version: '0.1.0', approvedBy: 'Ana', reason: 'checkout broken' });
  const pkg = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8'));
  expect(pkg.devDependencies).toMatchObject({ '@tagdeploy/core': expect.stringMatching(/^file:tools\/tagdeploy\//), '@tagdeploy/nx': expect.stringMatching(/^file:tools\/tagdeploy\//) });
});
