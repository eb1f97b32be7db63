import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTagdeployError, type TagdeployError } from '../errors/tagdeploy-error';
import { GitCli } from './git-cli';
import { cloneTempRepo, commitFile, createBareRemote, createTempRepo, type TempRepo } from './testing/git-fixture';

const made: TempRepo[] = [];
afterEach(() => made.splice(0).forEach((repo) => repo.cleanup()));

function aRepo(): { repo: TempRepo; git: GitCli } {
  const repo = createTempRepo();
  made.push(repo);
  return { repo, git: new GitCli(repo.dir) };
}

function aRemoteFor(repo: TempRepo): TempRepo {
  const remote = createBareRemote(repo);
  made.push(remote);
  return remote;
}

async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

describe('GitCli.open', () => {
  it('finds the top level from a folder inside the work tree', async () => {
    const { repo } = aRepo();
    mkdirSync(join(repo.dir, 'apps/checkout'), { recursive: true });
    const git = await GitCli.open(join(repo.dir, 'apps/checkout'));
    expect(git.root).toBe(realpathSync(repo.dir));
  });

  it('fails with GIT_FAILED outside a repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'tagdeploy-not-a-repo-'));
    made.push({ dir: outside, git: () => '', cleanup: () => rmSync(outside, { recursive: true, force: true }) });
    const error = await failure(GitCli.open(outside));
    expect(error.code).toBe('GIT_FAILED');
    expect(error.message).toMatch(/^git rev-parse --show-toplevel --git-common-dir failed in .*: fatal: not a git repository/);
  });
});

describe('readCommits', () => {
  it('returns the commits of a range, newest first, each with the files it touched', async () => {
    const { repo, git } = aRepo();
    const first = commitFile(repo, 'apps/checkout/a.ts', 'a', 'feat(checkout): first');
    const second = commitFile(repo, 'libs/ui/button.ts', 'b', 'fix(ui): second');
    const third = commitFile(repo, 'README.md', 'c', 'docs: third');

    const commits = await git.readCommits({ from: first, to: 'HEAD' });

    expect(commits.map((c) => [c.sha, c.subject, c.files])).toEqual([
      [third, 'docs: third', ['README.md']],
      [second, 'fix(ui): second', ['libs/ui/button.ts']],
    ]);
    expect(commits[0]).toMatchObject({ authorName: 'Tess Tagger', authorEmail: 'tess@example.test', body: '' });
    expect(new Date(commits[0].date).toISOString()).toBeTruthy();
  });

  it('reads all of history when from is absent', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    commitFile(repo, 'b.txt', '2', 'two');
    const commits = await git.readCommits({ to: 'HEAD' });
    expect(commits.map((c) => c.subject)).toEqual(['two', 'one']);
  });

  it('accepts a tag name as the start of the range', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    repo.git('tag', '-a', 'checkout@0.1.0', '-m', 'release');
    commitFile(repo, 'b.txt', '2', 'two');
    const commits = await git.readCommits({ from: 'checkout@0.1.0', to: 'HEAD' });
    expect(commits.map((c) => c.subject)).toEqual(['two']);
  });

  it('keeps subjects and bodies with odd characters and BREAKING CHANGE footers intact', async () => {
    const { repo, git } = aRepo();
    const subject = 'feat(ui)!: drop IE \t "quotes" | %H %x00 \x1e ünïcødé 🚀';
    const body = '# not a comment\n\nLine with \x1f and \x1e separators\n\nBREAKING CHANGE: IE 11 is no longer supported\nRefs: #12';
    commitFile(repo, 'a.txt', '1', `${subject}\n\n${body}\n`);
    commitFile(repo, 'b.txt', '2', 'next');

    const [, odd] = await git.readCommits({ to: 'HEAD' });

    expect(odd.subject).toBe(subject);
    expect(odd.body).toBe(body);
    expect(odd.files).toEqual(['a.txt']);
  });

  it('lists paths with spaces, unicode and newlines unquoted', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'docs/a b.md', '1', 'one');
    const odd = 'libs/ünï/new\nline.txt';
    mkdirSync(join(repo.dir, 'libs/ünï'), { recursive: true });
    writeFileSync(join(repo.dir, odd), 'x');
    repo.git('add', '--', odd);
    repo.git('commit', '-q', '-m', 'two');

    const commits = await git.readCommits({ to: 'HEAD' });

    expect(commits.map((c) => c.files)).toEqual([[odd], ['docs/a b.md']]);
  });

  it('counts a rename as touching both the old and the new path', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'libs/ui/old.ts', 'export const x = 1;\n'.repeat(20), 'one');
    mkdirSync(join(repo.dir, 'apps/checkout'), { recursive: true });
    repo.git('mv', 'libs/ui/old.ts', 'apps/checkout/new.ts');
    repo.git('commit', '-q', '-m', 'refactor: move');

    const [moved] = await git.readCommits({ to: 'HEAD' });

    expect(moved.files.sort()).toEqual(['apps/checkout/new.ts', 'libs/ui/old.ts']);
  });

  it('lists merged commits on their own and a merge with the files it brought to the first parent', async () => {
    const { repo, git } = aRepo();
    const base = commitFile(repo, 'base.txt', '0', 'base');
    repo.git('checkout', '-q', '-b', 'feature');
    commitFile(repo, 'apps/checkout/feature.ts', 'f', 'feat(checkout): on a branch');
    repo.git('checkout', '-q', 'main');
    commitFile(repo, 'libs/ui/main.ts', 'm', 'fix(ui): on main');
    repo.git('merge', '-q', '--no-ff', 'feature', '-m', 'Merge branch feature');

    const commits = await git.readCommits({ from: base, to: 'HEAD' });

    expect(commits.map((c) => c.subject).sort()).toEqual(['Merge branch feature', 'feat(checkout): on a branch', 'fix(ui): on main']);
    const merge = commits.find((c) => c.subject === 'Merge branch feature');
    expect(merge?.files).toEqual(['apps/checkout/feature.ts']);
    expect(commits.find((c) => c.subject === 'fix(ui): on main')?.files).toEqual(['libs/ui/main.ts']);
  });

  it('returns an empty commit with no files', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    repo.git('commit', '-q', '--allow-empty', '-m', 'chore: empty');
    const commits = await git.readCommits({ to: 'HEAD' });
    expect(commits.map((c) => [c.subject, c.files])).toEqual([['chore: empty', []], ['one', ['a.txt']]]);
  });

  it('fails with GIT_FAILED naming git log when a revision is unknown', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    const error = await failure(git.readCommits({ from: 'checkout@9.9.9', to: 'HEAD' }));
    expect(error.code).toBe('GIT_FAILED');
    expect(error.message).toContain('git -c log.showSignature=false log');
    expect(error.message).toMatch(/checkout@9\.9\.9/);
  });

  it('refuses a revision that git would read as an option', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    const error = await failure(git.readCommits({ from: '--all', to: 'HEAD' }));
    expect(error.code).toBe('GIT_FAILED');
    expect(error.message).toContain('"--all"');
  });
});

describe('readCommit', () => {
  it('reads one commit with its message and files', async () => {
    const { repo, git } = aRepo();
    const sha = commitFile(repo, 'apps/checkout/a.ts', 'a', 'feat(checkout): coupons\n\nCloses #4');
    commitFile(repo, 'b.txt', 'b', 'later');
    expect(await git.readCommit(sha)).toMatchObject({ sha, subject: 'feat(checkout): coupons', body: 'Closes #4', files: ['apps/checkout/a.ts'] });
  });

  it('returns null for a commit this clone does not have', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    expect(await git.readCommit('0123456789abcdef0123456789abcdef01234567')).toBeNull();
  });

  it('returns null for a sha that names a file, not a commit', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    expect(await git.readCommit(repo.git('rev-parse', 'HEAD:a.txt'))).toBeNull();
  });
});

describe('readShallowBoundary', () => {
  function aHistory(): TempRepo {
    const { repo } = aRepo();
    for (const n of [1, 2, 3]) commitFile(repo, `f${n}.txt`, `${n}`, `commit ${n}`);
    return repo;
  }
  const cloneOf = (source: TempRepo, options: string[]) => {
    const clone = cloneTempRepo(source, options);
    made.push(clone);
    return { clone, git: new GitCli(clone.dir) };
  };

  it('is empty for a full clone', async () => {
    const { git } = cloneOf(aHistory(), []);
    expect(await git.readShallowBoundary()).toEqual([]);
  });

  it('names the commit where a --depth 1 clone is cut', async () => {
    const source = aHistory();
    const { git } = cloneOf(source, ['--depth', '1']);
    expect(await git.readShallowBoundary()).toEqual([source.git('rev-parse', 'HEAD')]);
  });

  it('moves down when the clone is deepened, and empties when unshallowed', async () => {
    const source = aHistory();
    const { clone, git } = cloneOf(source, ['--depth', '1']);
    clone.git('fetch', '-q', '--deepen', '1');
    expect(await git.readShallowBoundary()).toEqual([source.git('rev-parse', 'HEAD~1')]);
    clone.git('fetch', '-q', '--unshallow');
    expect(await git.readShallowBoundary()).toEqual([]);
  });
});

describe('readTags', () => {
  it('peels annotated and lightweight tags to their commits and filters by glob', async () => {
    const { repo, git } = aRepo();
    const one = commitFile(repo, 'a.txt', '1', 'one');
    repo.git('tag', '-a', 'checkout@0.1.0', '-m', 'annotated');
    const two = commitFile(repo, 'b.txt', '2', 'two');
    repo.git('tag', 'checkout@0.2.0');
    repo.git('tag', '-a', 'storefront@1.0.0', '-m', 'other product');

    const tags = await git.readTags('checkout@*');

    expect(tags.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'checkout@0.1.0', commit: one },
      { name: 'checkout@0.2.0', commit: two },
    ]);
  });

  it('peels a tag of a tag to the commit', async () => {
    const { repo, git } = aRepo();
    const head = commitFile(repo, 'a.txt', '1', 'one');
    repo.git('tag', '-a', 'inner', '-m', 'inner');
    repo.git('tag', '-a', 'checkout@1.0.0', '-m', 'outer', 'inner');
    expect(await git.readTags('checkout@*')).toEqual([{ name: 'checkout@1.0.0', commit: head }]);
  });

  it('returns an empty list when no tag matches', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    expect(await git.readTags('checkout@*')).toEqual([]);
  });
});

describe('readHead', () => {
  it('reports the commit, the branch and a clean tree (ignored files do not count)', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, '.gitignore', 'dist/\n', 'ignore dist');
    const head = commitFile(repo, 'a.txt', '1', 'one');
    mkdirSync(join(repo.dir, 'dist'));
    writeFileSync(join(repo.dir, 'dist/app.js'), 'built');

    expect(await git.readHead()).toEqual({ commit: head, branch: 'main', clean: true, dirtyFiles: [] });
  });

  it('lists modified, staged, deleted and untracked files as dirty', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'a.txt', '1', 'one');
    commitFile(repo, 'b.txt', '2', 'two');
    commitFile(repo, 'c.txt', '3', 'three');
    writeFileSync(join(repo.dir, 'a.txt'), 'changed');
    writeFileSync(join(repo.dir, 'b.txt'), 'staged');
    repo.git('add', 'b.txt');
    repo.git('rm', '-q', 'c.txt');
    mkdirSync(join(repo.dir, 'new dir'));
    writeFileSync(join(repo.dir, 'new dir/untracked file.txt'), 'u');

    const head = await git.readHead();

    expect(head.clean).toBe(false);
    expect(head.dirtyFiles.sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'new dir/untracked file.txt']);
  });

  it('names the new path of a staged rename', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'old.txt', 'same content\n'.repeat(10), 'one');
    repo.git('mv', 'old.txt', 'new.txt');
    expect((await git.readHead()).dirtyFiles).toEqual(['new.txt']);
  });

  it('reports a detached HEAD with branch null', async () => {
    const { repo, git } = aRepo();
    const first = commitFile(repo, 'a.txt', '1', 'one');
    commitFile(repo, 'b.txt', '2', 'two');
    repo.git('checkout', '-q', '--detach', first);
    expect(await git.readHead()).toEqual({ commit: first, branch: null, clean: true, dirtyFiles: [] });
  });

  it('fails clearly in a repository without commits', async () => {
    const { git } = aRepo();
    const error = await failure(git.readHead());
    expect(error.code).toBe('GIT_FAILED');
    expect(error.message).toContain('has no commits yet');
  });
});

describe('readRemote', () => {
  it('prefers origin', async () => {
    const { repo, git } = aRepo();
    repo.git('remote', 'add', 'aaa', 'file:///nowhere');
    aRemoteFor(repo);
    expect(await git.readRemote()).toBe('origin');
  });

  it('takes the only remote when it is not called origin', async () => {
    const { repo, git } = aRepo();
    repo.git('remote', 'add', 'upstream', 'file:///nowhere');
    expect(await git.readRemote()).toBe('upstream');
  });

  it('returns null without remotes or with several and no origin', async () => {
    const { repo, git } = aRepo();
    expect(await git.readRemote()).toBeNull();
    repo.git('remote', 'add', 'a', 'file:///a');
    repo.git('remote', 'add', 'b', 'file:///b');
    expect(await git.readRemote()).toBeNull();
  });
});

describe('createTag', () => {
  it('creates an annotated tag whose message keeps markdown headings', async () => {
    const { repo, git } = aRepo();
    const head = commitFile(repo, 'a.txt', '1', 'one');
    const changelog = '## 0.2.0 (2024-05-01)\n\n### Features\n\n- **ui:** new button (abc1234)\n\n### Bug Fixes\n\n- #12 fixed\n';

    await git.createTag('checkout@0.2.0', head, changelog);

    expect(repo.git('cat-file', '-t', 'checkout@0.2.0')).toBe('tag');
    expect(repo.git('rev-parse', 'checkout@0.2.0^{commit}')).toBe(head);
    expect(`${repo.git('for-each-ref', '--format=%(contents)', 'refs/tags/checkout@0.2.0')}\n`).toBe(changelog);
  });

  it('fails with TAG_EXISTS and leaves the existing tag alone', async () => {
    const { repo, git } = aRepo();
    const first = commitFile(repo, 'a.txt', '1', 'one');
    const second = commitFile(repo, 'b.txt', '2', 'two');
    await git.createTag('checkout@0.1.0', first, 'first');

    const error = await failure(git.createTag('checkout@0.1.0', second, 'second'));

    expect(error.code).toBe('TAG_EXISTS');
    expect(error.message).toContain('checkout@0.1.0');
    expect(repo.git('rev-parse', 'checkout@0.1.0^{commit}')).toBe(first);
  });

  it('deleteTag removes a local tag', async () => {
    const { repo, git } = aRepo();
    const head = commitFile(repo, 'a.txt', '1', 'one');
    await git.createTag('checkout@0.1.0', head, 'x');
    await git.deleteTag('checkout@0.1.0');
    expect(repo.git('tag', '--list')).toBe('');
  });
});

describe('pushTag and readRemoteTags', () => {
  it('pushes one tag and nothing else, and reads it back peeled', async () => {
    const { repo, git } = aRepo();
    const remote = aRemoteFor(repo);
    repo.git('config', 'push.followTags', 'true');
    const first = commitFile(repo, 'a.txt', '1', 'one');
    repo.git('tag', 'checkout@0.0.1');
    const second = commitFile(repo, 'b.txt', '2', 'two');
    await git.createTag('checkout@0.1.0', second, 'annotated');
    repo.git('tag', '-a', 'checkout@0.0.9', '-m', 'not pushed', first);

    expect(await git.pushTag('origin', 'checkout@0.1.0')).toBe('created');

    expect(remote.git('for-each-ref', '--format=%(refname)')).toBe('refs/tags/checkout@0.1.0');
    expect(await git.readRemoteTags('origin', 'checkout@*')).toEqual([{ name: 'checkout@0.1.0', commit: second }]);
    expect(await git.readRemoteTags('origin', 'checkout@0.1.0')).toEqual([{ name: 'checkout@0.1.0', commit: second }]);
  });

  it('reads lightweight and annotated remote tags, filtered by glob', async () => {
    const { repo, git } = aRepo();
    aRemoteFor(repo);
    const one = commitFile(repo, 'a.txt', '1', 'one');
    repo.git('tag', 'checkout@0.1.0');
    repo.git('tag', '-a', 'checkout@0.2.0', '-m', 'annotated');
    repo.git('tag', 'storefront@0.1.0');
    repo.git('push', '-q', 'origin', '--tags');

    const tags = await git.readRemoteTags('origin', 'checkout@*');

    expect(tags.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'checkout@0.1.0', commit: one },
      { name: 'checkout@0.2.0', commit: one },
    ]);
  });

  it('rejects a second, different tag of the same name with PUSH_REJECTED', async () => {
    const { repo, git } = aRepo();
    const remote = aRemoteFor(repo);
    const first = commitFile(repo, 'a.txt', '1', 'one');
    const second = commitFile(repo, 'b.txt', '2', 'two');
    await git.createTag('checkout@0.1.0', first, 'mine');
    await git.pushTag('origin', 'checkout@0.1.0');
    await git.deleteTag('checkout@0.1.0');
    await git.createTag('checkout@0.1.0', second, 'someone else');

    const error = await failure(git.pushTag('origin', 'checkout@0.1.0'));

    expect(error.code).toBe('PUSH_REJECTED');
    expect(error.message).toMatch(/^Push of tag checkout@0\.1\.0 to origin was rejected: .*already exists/);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(remote.git('rev-parse', 'checkout@0.1.0^{commit}')).toBe(first);
  });

  it('pushing the same tag again succeeds and says the remote had it (a resumed claim)', async () => {
    const { repo, git } = aRepo();
    aRemoteFor(repo);
    const head = commitFile(repo, 'a.txt', '1', 'one');
    await git.createTag('checkout@0.1.0', head, 'mine');
    expect(await git.pushTag('origin', 'checkout@0.1.0')).toBe('created');
    expect(await git.pushTag('origin', 'checkout@0.1.0')).toBe('unchanged');
  });

  it('fetchTag replaces a local tag with the remote one of that name (someone else claimed it)', async () => {
    const { repo, git } = aRepo();
    const remote = aRemoteFor(repo);
    const head = commitFile(repo, 'a.txt', '1', 'one');
    await git.createTag('checkout@0.1.0', head, 'theirs');
    await git.pushTag('origin', 'checkout@0.1.0');
    const theirs = repo.git('rev-parse', 'refs/tags/checkout@0.1.0');
    await git.deleteTag('checkout@0.1.0');
    await git.createTag('checkout@0.1.0', head, 'mine');

    await git.fetchTag('origin', 'checkout@0.1.0');

    expect(repo.git('rev-parse', 'refs/tags/checkout@0.1.0')).toBe(theirs);
    expect(remote.git('rev-parse', 'refs/tags/checkout@0.1.0')).toBe(theirs);
    await git.deleteTag('checkout@0.1.0');
    await git.fetchTag('origin', 'checkout@0.1.0');
    expect(repo.git('cat-file', '-p', 'checkout@0.1.0')).toContain('theirs');
  });

  it('reports a server hook rejection with its reason as PUSH_REJECTED', async () => {
    const { repo, git } = aRepo();
    const remote = aRemoteFor(repo);
    const hook = join(remote.dir, 'hooks/pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "releases are frozen today" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const head = commitFile(repo, 'a.txt', '1', 'one');
    await git.createTag('checkout@0.1.0', head, 'mine');

    const error = await failure(git.pushTag('origin', 'checkout@0.1.0'));

    expect(error.code).toBe('PUSH_REJECTED');
    expect(error.message).toContain('checkout@0.1.0');
    expect(error.message).toContain('origin');
    expect(error.message).toContain('releases are frozen today');
    expect(remote.git('tag', '--list')).toBe('');
  });

  it('fails with GIT_FAILED when the remote cannot be reached', async () => {
    const { repo, git } = aRepo();
    repo.git('remote', 'add', 'origin', join(repo.dir, 'missing.git'));
    const head = commitFile(repo, 'a.txt', '1', 'one');
    await git.createTag('checkout@0.1.0', head, 'mine');
    const error = await failure(git.pushTag('origin', 'checkout@0.1.0'));
    expect(error.code).toBe('GIT_FAILED');
    expect(error.message).toMatch(/^git push .* failed in .*: fatal: /);
  });
});

describe('commit', () => {
  it('commits only the given paths and returns the new commit', async () => {
    const { repo, git } = aRepo();
    commitFile(repo, 'apps/checkout/package.json', '{}', 'one');
    writeFileSync(join(repo.dir, 'apps/checkout/package.json'), '{"version":"0.2.0"}');
    writeFileSync(join(repo.dir, 'apps/checkout/CHANGELOG.md'), '## 0.2.0\n');
    writeFileSync(join(repo.dir, 'unrelated.txt'), 'staged elsewhere');
    repo.git('add', 'unrelated.txt');

    const sha = await git.commit(['apps/checkout/package.json', 'apps/checkout/CHANGELOG.md'], 'chore(release): checkout@0.2.0\n\n## 0.2.0\n');

    expect(sha).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['apps/checkout/CHANGELOG.md', 'apps/checkout/package.json']);
    expect(repo.git('log', '-1', '--format=%B')).toBe('chore(release): checkout@0.2.0\n\n## 0.2.0');
    expect(repo.git('status', '--porcelain')).toBe('A  unrelated.txt');
  });
});

describe('resetTo', () => {
  it('moves the branch back to a commit, undoing a release commit', async () => {
    const { repo, git } = aRepo();
    const before = commitFile(repo, 'apps/checkout/package.json', '{}', 'one');
    writeFileSync(join(repo.dir, 'apps/checkout/package.json'), '{"version":"0.2.0"}');
    await git.commit(['apps/checkout/package.json'], 'chore(release): checkout@0.2.0');

    await git.resetTo(before);

    expect(await git.readHead()).toEqual({ commit: before, branch: 'main', clean: true, dirtyFiles: [] });
  });

  it('keeps unrelated local changes', async () => {
    const { repo, git } = aRepo();
    const before = commitFile(repo, 'a.txt', '1', 'one');
    commitFile(repo, 'b.txt', '2', 'two');
    writeFileSync(join(repo.dir, 'notes.txt'), 'mine');
    await git.resetTo(before);
    expect((await git.readHead()).dirtyFiles).toEqual(['notes.txt']);
  });
});
