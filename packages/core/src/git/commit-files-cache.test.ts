import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFilesCachePath, readCommitFiles } from './commit-files-cache';
import { GitCli } from './git-cli';
import { cloneTempRepo, commitFile, createTempRepo, type TempRepo } from './testing/git-fixture';

const made: TempRepo[] = [];
afterEach(() => made.splice(0).forEach((repo) => repo.cleanup()));

/** A history with what makes file lists tricky: a merge with a conflict resolution, a rename, odd paths, an empty commit. */
function aHistory(): TempRepo {
  const repo = createTempRepo();
  made.push(repo);
  commitFile(repo, 'libs/ui/old.ts', 'old\n', 'feat(ui): start');
  commitFile(repo, 'apps/checkout/main.ts', 'one\n', 'feat(checkout): one');
  repo.git('checkout', '-q', '-b', 'feature');
  commitFile(repo, 'apps/checkout/main.ts', 'feature\n', 'fix(checkout): on the side');
  commitFile(repo, 'libs/ui/päth with space.ts', 'x\n', 'feat(ui): odd path');
  repo.git('checkout', '-q', 'main');
  commitFile(repo, 'apps/checkout/main.ts', 'main\n', 'fix(checkout): on main');
  repo.git('merge', '-q', 'feature', '-m', 'Merge branch feature', '-X', 'ours');
  writeFileSync(join(repo.dir, 'apps/checkout/main.ts'), 'resolved\n');
  repo.git('commit', '-q', '-am', 'fix(checkout): resolve by hand');
  repo.git('mv', 'libs/ui/old.ts', 'apps/checkout/new.ts');
  repo.git('commit', '-q', '-m', 'refactor: move');
  repo.git('commit', '-q', '--allow-empty', '-m', 'chore: empty');
  return repo;
}

const cacheOf = (repo: TempRepo) => commitFilesCachePath(join(repo.dir, '.git'));
const cached = (repo: TempRepo) => new GitCli(repo.dir, join(repo.dir, '.git'));
const uncached = (repo: TempRepo) => new GitCli(repo.dir);

describe('the commit files cache', () => {
  it('gives the same commits as a plain log: cold, warm, and after new commits', async () => {
    const repo = aHistory();
    const expected = await uncached(repo).readCommits({ to: 'HEAD' });
    expect(existsSync(cacheOf(repo))).toBe(false);

    expect(await cached(repo).readCommits({ to: 'HEAD' })).toEqual(expected);
    expect((await readCommitFiles(cacheOf(repo))).size).toBe(expected.length);
    expect(await cached(repo).readCommits({ to: 'HEAD' })).toEqual(expected);

    commitFile(repo, 'libs/ui/new.ts', 'new\n', 'feat(ui): new');
    const first = repo.git('rev-list', '--max-parents=0', 'HEAD');
    expect(await cached(repo).readCommits({ from: first, to: 'HEAD' })).toEqual(await uncached(repo).readCommits({ from: first, to: 'HEAD' }));
    expect((await readCommitFiles(cacheOf(repo))).size).toBe(expected.length + 1);
  });

  it('is found through GitCli.open, in the common dir that worktrees share', async () => {
    const repo = aHistory();
    const worktree = join(repo.dir, '..', `${repo.dir.split('/').pop()}-worktree`);
    repo.git('worktree', 'add', '-q', '--detach', worktree, 'HEAD~1');
    made.push({ dir: worktree, git: () => '', cleanup: () => rmSync(worktree, { recursive: true, force: true }) });
    const git = await GitCli.open(join(worktree, 'apps'));
    expect(await git.readCommits({ to: 'HEAD' })).toEqual(await uncached(repo).readCommits({ to: 'HEAD~1' }));
    expect((await readCommitFiles(cacheOf(repo))).size).toBeGreaterThan(0);
  });

  it('reads a damaged or foreign file as empty and rewrites it', async () => {
    const repo = aHistory();
    const expected = await uncached(repo).readCommits({ to: 'HEAD' });
    mkdirSync(join(repo.dir, '.git/tagdeploy'), { recursive: true });
    for (const damaged of ['tagdeploy commit-files 1\nnot-a-sha\0a\0\0', 'tagdeploy commit-files 0\n', 'tagdeploy commit-files 1\n' + 'a'.repeat(40) + '\0half']) {
      writeFileSync(cacheOf(repo), damaged);
      expect(await readCommitFiles(cacheOf(repo))).toEqual(new Map());
      expect(await cached(repo).readCommits({ to: 'HEAD' })).toEqual(expected);
      expect((await readCommitFiles(cacheOf(repo))).size).toBe(expected.length);
    }
  });

  it('reads a commit it has seen from the cache, not from git', async () => {
    const repo = aHistory();
    await cached(repo).readCommits({ to: 'HEAD' });
    const head = repo.git('rev-parse', 'HEAD');
    const text = readFileSync(cacheOf(repo), 'utf8').replace(`${head}\0\0`, `${head}\0planted.ts\0\0`);
    writeFileSync(cacheOf(repo), text);
    const [newest] = await cached(repo).readCommits({ to: 'HEAD' });
    expect(newest.files).toEqual(['planted.ts']);
  });

  it('is not used in a shallow clone, nor with replace refs, where a sha does not fix a diff', async () => {
    const source = aHistory();
    const shallow = cloneTempRepo(source, ['--depth', '2']);
    made.push(shallow);
    expect(await cached(shallow).readCommits({ to: 'HEAD' })).toEqual(await uncached(shallow).readCommits({ to: 'HEAD' }));
    expect(existsSync(cacheOf(shallow))).toBe(false);

    const replaced = aHistory();
    replaced.git('replace', '--graft', 'HEAD~1');
    expect(await cached(replaced).readCommits({ to: 'HEAD' })).toEqual(await uncached(replaced).readCommits({ to: 'HEAD' }));
    expect(existsSync(cacheOf(replaced))).toBe(false);
  });
});
