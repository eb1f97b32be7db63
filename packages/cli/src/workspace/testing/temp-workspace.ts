// Real workspaces for tests: each test writes its own in a temp folder and removes it with
// cleanup(). Tools (turbo, pnpm, yarn, nx) come from this repository's node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

export const repoNodeModules = join(__dirname, '..', '..', '..', '..', '..', 'node_modules');

export interface TempWorkspace {
  root: string;
  write(path: string, content: string | object): void;
  read(path: string): string;
  cleanup(): void;
}

/** Files by path; objects are written as JSON. */
export function createTempWorkspace(files: Record<string, string | object>): TempWorkspace {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tagdeploy-cli-workspace-')));
  const write = (path: string, content: string | object) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { root, write, read: (path) => readFileSync(join(root, path), 'utf8'), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A factory of temp workspaces for one test file; each is removed after the test that made it. */
export function tempWorkspaces(): (files: Record<string, string | object>) => TempWorkspace {
  const made: TempWorkspace[] = [];
  afterEach(() => made.splice(0).forEach((workspace) => workspace.cleanup()));
  return (files) => {
    const workspace = createTempWorkspace(files);
    made.push(workspace);
    return workspace;
  };
}

/** A package.json whose build script writes the release it was built for to dist/release.txt. */
export function aBuildablePackage(name: string, extra: object = {}): Record<string, string | object> {
  return {
    [`packages/${name}/package.json`]: { name, version: '0.0.0', scripts: { build: 'node build.js' }, ...extra },
    [`packages/${name}/build.js`]:
      "const fs = require('node:fs');\nfs.mkdirSync('dist', { recursive: true });\nconst { TAGDEPLOY_VERSION, TAGDEPLOY_TAG, TAGDEPLOY_COMMIT } = process.env;\nfs.writeFileSync('dist/release.txt', `${TAGDEPLOY_VERSION} ${TAGDEPLOY_TAG} ${TAGDEPLOY_COMMIT}`);\nconsole.log('built ' + TAGDEPLOY_VERSION);\n",
  };
}

/** node_modules/.bin/<name> in the workspace, pointing at this repository's installed tool. */
export function linkRepoBins(workspace: TempWorkspace, names: string[]): void {
  mkdirSync(join(workspace.root, 'node_modules', '.bin'), { recursive: true });
  for (const name of names) symlinkSync(join(repoNodeModules, '.bin', name), join(workspace.root, 'node_modules', '.bin', name));
}

/** The workspace's node_modules is this repository's (for nx, which resolves its own modules). */
export function linkRepoNodeModules(workspace: TempWorkspace): void {
  symlinkSync(repoNodeModules, join(workspace.root, 'node_modules'), 'dir');
}

/** A git repository with everything committed: turbo hashes the files git tracks. */
export function commitAll(workspace: TempWorkspace): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace.root, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'init');
}

/** Runs a tool of this repository's node_modules/.bin in the workspace, as a user would. */
export function runRepoBin(workspace: TempWorkspace, name: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(join(repoNodeModules, '.bin', name), args, { cwd: workspace.root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
