// Real git repositories for tests: each test makes its own in a temp folder (fixed identity,
// branch main, no signing, no auto gc) and removes it with cleanup().
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  /** Absolute path of the work tree (or of the bare repository). */
  dir: string;
  /** Runs git in the repository with an argument array and returns trimmed stdout. */
  git(...args: string[]): string;
  /** Removes the temp folder. */
  cleanup(): void;
}

// Tests must not depend on the machine's global git config (signing, hooks, default branch).
const fixtureEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
});

function runIn(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: dir, env: fixtureEnv(), input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

function tempRepo(dir: string): TempRepo {
  return {
    dir,
    git: (...args) => runIn(dir, args),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const localConfig: Array<[string, string]> = [
  ['user.name', 'Tess Tagger'],
  ['user.email', 'tess@example.test'],
  ['commit.gpgsign', 'false'],
  ['tag.gpgsign', 'false'],
  ['gc.auto', '0'],
];

/** A repository that exists already (e.g. copied from another test's), run like the others. */
export function openTempRepo(dir: string): TempRepo {
  return tempRepo(dir);
}

/** A fresh repository on branch main with a fixed identity and no commits. */
export function createTempRepo(): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-repo-'));
  runIn(dir, ['init', '-q', '-b', 'main']);
  for (const [key, value] of localConfig) runIn(dir, ['config', key, value]);
  return tempRepo(dir);
}

/** Writes a file (creating folders) and commits it alone; returns the new commit. */
export function commitFile(repo: TempRepo, path: string, content: string, message: string): string {
  const file = join(repo.dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  runIn(repo.dir, ['add', '--', path]);
  runIn(repo.dir, ['commit', '-q', '--cleanup=verbatim', '-F', '-'], message);
  return runIn(repo.dir, ['rev-parse', 'HEAD']);
}

/** A bare repository in its own temp folder; when `repo` is given it becomes its `origin`. */
export function createBareRemote(repo?: TempRepo): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-remote-'));
  runIn(dir, ['init', '-q', '--bare', '-b', 'main']);
  runIn(dir, ['config', 'gc.auto', '0']);
  if (repo) runIn(repo.dir, ['remote', 'add', 'origin', dir]);
  return tempRepo(dir);
}

/**
 * A clone of `source` in its own temp folder, through file:// so that `--depth` and `--no-tags`
 * behave as with a real server; `options` go to `git clone` (e.g. ['--depth', '1']).
 */
export function cloneTempRepo(source: TempRepo, options: string[] = []): TempRepo {
  const parent = mkdtempSync(join(tmpdir(), 'tagdeploy-clone-'));
  const dir = join(parent, 'clone');
  runIn(parent, ['clone', '-q', ...options, `file://${source.dir}`, dir]);
  for (const [key, value] of localConfig) runIn(dir, ['config', key, value]);
  return { dir, git: (...args) => runIn(dir, args), cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}
