import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, testGitConfig, useGitopsFixtures } from '../gitops/testing/gitops-fixtures';
import { readFileAt } from './read-file-at';

const fixtures = useGitopsFixtures();
const aFolder = () => fixtures.tempDir('tagdeploy-read-file-at-');

/** A repo on main with the test identity, no commits yet. */
function aRepo(): string {
  const dir = aFolder();
  git(dir, 'init', '-q', '-b', 'main');
  for (const [key, value] of Object.entries(testGitConfig)) git(dir, 'config', key, value);
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
