import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileAt } from './read-file-at';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function aFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-read-file-at-'));
  dirs.push(dir);
  return dir;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Tess', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });

function aRepo(): string {
  const dir = aFolder();
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

describe('readFileAt', () => {
  it('reads the committed text, not the working tree', async () => {
    const repo = aRepo();
    writeFileSync(join(repo, 'nx.json'), '{"committed":true}\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'settings');
    writeFileSync(join(repo, 'nx.json'), '{"committed":false}\n');
    expect(await readFileAt(repo, 'HEAD', 'nx.json')).toBe('{"committed":true}\n');
  });

  it('reads relative to a workspace in a folder of the repo', async () => {
    const repo = aRepo();
    mkdirSync(join(repo, 'tools/shop'), { recursive: true });
    writeFileSync(join(repo, 'tools/shop/tagdeploy.config.json'), '{}\n');
    writeFileSync(join(repo, 'tagdeploy.config.json'), '{"root":true}\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'settings');
    expect(await readFileAt(join(repo, 'tools/shop'), 'HEAD', 'tagdeploy.config.json')).toBe('{}\n');
  });

  it('is undefined when nothing is committed there: no such file, no commit yet, no repo', async () => {
    const repo = aRepo();
    expect(await readFileAt(repo, 'HEAD', 'nx.json')).toBeUndefined();
    writeFileSync(join(repo, 'README.md'), 'hi\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'readme');
    writeFileSync(join(repo, 'nx.json'), '{}\n');
    expect(await readFileAt(repo, 'HEAD', 'nx.json')).toBeUndefined();
    expect(await readFileAt(aFolder(), 'HEAD', 'nx.json')).toBeUndefined();
  });
});
