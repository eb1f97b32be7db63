// The Git port over the git binary. Every call is one `git` process started with an argument
// array (never a shell string), with prompts off and the C locale so that output parses.
import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { commitFilesCachePath, readCommitFiles, writeCommitFiles } from './commit-files-cache';
import type { Git, RawCommit, TagRef } from './git-port';

interface RunOptions {
  input?: string;
  /** Receives stdout as it arrives instead of buffering it (for outputs of any size). */
  onStdout?: (chunk: Buffer) => void;
  /** Exit codes that are answers rather than failures (e.g. 1 from `symbolic-ref -q`). */
  okCodes?: number[];
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const gitEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
  LANGUAGE: 'C',
  // Reads such as `git status` must not take index.lock while other git processes work.
  GIT_OPTIONAL_LOCKS: '0',
});

/** Runs one git command in `cwd`; non-zero exits outside `okCodes` become GIT_FAILED. */
export function runGit(cwd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => (options.onStdout ? options.onStdout(chunk) : out.push(chunk)));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new TagdeployError('GIT_FAILED', `${describe(args)} could not start in ${cwd}: ${error.message}. Check that git is installed and on PATH and that the folder exists.`)));
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (result.code === 0 || options.okCodes?.includes(result.code)) resolve(result);
      else reject(gitFailed(args, result.stderr, cwd));
    });
    // A command that exits before reading its stdin (EPIPE) reports through its exit code.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

function describe(args: string[]): string {
  const text = `git ${args.join(' ')}`;
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The line of git's stderr that says what went wrong: the first fatal/error line, else the first. */
function firstLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0] ?? '(no message from git)';
}

function gitFailed(args: string[], stderr: string, cwd: string): TagdeployError {
  return new TagdeployError('GIT_FAILED', `${describe(args)} failed in ${cwd}: ${firstLine(stderr)}`);
}

/** Refuses values that git would read as an option (a tag or remote named "--force"). */
function operand(kind: string, value: string): string {
  if (value.length === 0 || value.startsWith('-')) {
    throw new TagdeployError('GIT_FAILED', `Invalid ${kind} "${value}" for git: it must be non-empty and must not start with "-".`);
  }
  return value;
}

const commitStart = '\x1e';
const headerFields = 5; // sha, author name, author email, author date, raw message
// One record per commit: a record separator, the header fields split by NUL, then (from git,
// because of -z) an empty token and the NUL-terminated paths. Messages and paths cannot
// contain NUL, so any subject, body or file name parses.
const logFormat = `${commitStart}%H%x00%an%x00%ae%x00%aI%x00%B%x00`;

/**
 * Parses `git log -z --name-only` output token by token (tokens end at NUL) as it streams, so
 * 50,000 commits never become one giant string.
 */
class CommitLogParser {
  readonly commits: RawCommit[] = [];
  private carry: Buffer[] = [];
  private header: string[] = [];
  private current: RawCommit | undefined;

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0, start); end !== -1; end = chunk.indexOf(0, start)) {
      const piece = chunk.subarray(start, end);
      const token = this.carry.length ? Buffer.concat([...this.carry, piece]).toString('utf8') : piece.toString('utf8');
      this.carry = [];
      this.token(token);
      start = end + 1;
    }
    if (start < chunk.length) this.carry.push(chunk.subarray(start));
  }

  private token(token: string): void {
    if (this.header.length === 0 && token.startsWith(commitStart) && /^\x1e[0-9a-f]{40,64}$/.test(token)) {
      this.header.push(token.slice(1));
      return;
    }
    if (this.header.length > 0) {
      this.header.push(token);
      if (this.header.length === headerFields) this.startCommit();
      return;
    }
    if (this.current && token.length > 0) {
      // git separates the header from the file list with a newline on the first path.
      const path = this.current.files.length === 0 && token.startsWith('\n') ? token.slice(1) : token;
      if (path.length > 0) this.current.files.push(path);
    }
  }

  private startCommit(): void {
    const [sha, authorName, authorEmail, date, message] = this.header;
    this.header = [];
    const newline = message.indexOf('\n');
    const subject = newline === -1 ? message : message.slice(0, newline);
    const body = newline === -1 ? '' : message.slice(newline + 1).replace(/^\s*\n/, '').trimEnd();
    this.current = { sha, subject: subject.trimEnd(), body, authorName, authorEmail, date, files: [] };
    this.commits.push(this.current);
  }
}

export class GitCli implements Git {
  /**
   * @param gitCommonDir the repository's git common dir: where the commits' file lists are kept
   * between plans (commit-files-cache.ts). Without it, every read asks git for every diff.
   */
  constructor(readonly root: string, private readonly gitCommonDir?: string) {}

  /** Opens the repository that contains `cwd` (any folder inside the work tree). */
  static async open(cwd: string): Promise<GitCli> {
    const { stdout } = await runGit(cwd, ['rev-parse', '--show-toplevel', '--git-common-dir']);
    const [root, commonDir] = stdout.split('\n').map((line) => line.trim());
    return new GitCli(root, resolve(cwd, commonDir));
  }

  private git(args: string[], options?: RunOptions): Promise<RunResult> {
    return runGit(this.root, args, options);
  }

  async readCommits(range: { from?: string; to: string; paths?: readonly string[] }): Promise<RawCommit[]> {
    const to = operand('revision', range.to);
    const revs = range.from ? `${operand('revision', range.from)}..${to}` : to;
    if (range.paths === undefined) return this.gitCommonDir ? this.logWithCachedFiles(revs, this.gitCommonDir) : this.log([], revs);
    // No path can count: nothing to read (git would read "no pathspec" as every path).
    if (range.paths.length === 0) return [];
    // --full-history: git's default simplification would skip a side branch whose merge is
    // TREESAME to one parent, and with it commits that touched the paths.
    return this.log(['--full-history'], revs, range.paths);
  }

  async readCommit(sha: string): Promise<RawCommit | null> {
    // ^{commit} makes git look the object up: a full sha alone verifies even when it is absent.
    const found = await this.git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${operand('commit', sha)}^{commit}`], { okCodes: [1] });
    if (found.code !== 0) return null;
    const [commit] = await this.log(['--no-walk'], found.stdout.trim());
    return commit ?? null;
  }

  private async log(options: string[], revs: string | null, paths: readonly string[] = [], input?: string): Promise<RawCommit[]> {
    // Merges: every commit of a merged branch is listed on its own (no --first-parent walk), and
    // the merge itself lists the files it changed relative to its first parent
    // (--diff-merges=first-parent), i.e. what the merge brought to the line it landed on,
    // including conflict resolutions. --no-renames: a rename touches both the old and the new path.
    // A change here changes what commit-files-cache.ts keeps: bump its format version.
    return this.parseLog(['log', ...options, '-z', '--name-only', '--no-renames', '--diff-merges=first-parent'], [...(revs === null ? [] : [revs]), '--', ...paths], input);
  }

  /** The range's commits without diffs; their files come from the cache, or from git for the commits it lacks. */
  private async logWithCachedFiles(revs: string, gitCommonDir: string): Promise<RawCommit[]> {
    const file = commitFilesCachePath(gitCommonDir);
    // The messages are read while the cache is: only a fresh clone's first plan wastes that read.
    // No --diff-merges here: it would make git print the merges' patches.
    const messages = this.parseLog(['log', '-z', '--no-patch'], [revs, '--']);
    messages.catch(() => undefined); // awaited below, unless the whole log is read instead
    const [fixed, cache] = await Promise.all([this.parentsAreFixed(gitCommonDir), readCommitFiles(file)]);
    if (!fixed) return this.log([], revs);
    if (cache.size === 0) {
      const commits = await this.log([], revs);
      await writeCommitFiles(file, new Map(commits.map((commit) => [commit.sha, commit.files])));
      return commits;
    }
    const commits = await messages;
    const unseen = commits.filter((commit) => !cache.has(commit.sha));
    if (unseen.length > 0) {
      const listed = await this.log(['--no-walk=unsorted', '--stdin'], null, [], unseen.map((commit) => commit.sha).join('\n'));
      for (const commit of listed) cache.set(commit.sha, commit.files);
      await writeCommitFiles(file, cache);
    }
    for (const commit of commits) {
      const files = cache.get(commit.sha);
      if (files === undefined) throw new TagdeployError('GIT_FAILED', `git log --stdin in ${this.root} did not list commit ${commit.sha}; run the command again.`);
      commit.files = [...files];
    }
    return commits;
  }

  /** False in a shallow clone, or with grafts or replace refs: there a commit's diff is not fixed by its sha. */
  private async parentsAreFixed(gitCommonDir: string): Promise<boolean> {
    const present = (path: string) => access(join(gitCommonDir, path)).then(() => true, () => false);
    const [shallow, grafts, replaced] = await Promise.all([
      present('shallow'),
      present(join('info', 'grafts')),
      this.git(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/replace/']).then(({ stdout }) => stdout.trim() !== ''),
    ]);
    return !shallow && !grafts && !replaced;
  }

  private async parseLog(command: string[], revsAndPaths: string[], input?: string): Promise<RawCommit[]> {
    const parser = new CommitLogParser();
    await this.git(
      ['-c', 'log.showSignature=false', ...command, '--no-color', '--encoding=UTF-8', `--format=${logFormat}`, '--end-of-options', ...revsAndPaths],
      { onStdout: (chunk) => parser.push(chunk), input },
    );
    return parser.commits;
  }

  async readShallowBoundary(): Promise<string[]> {
    const { stdout } = await this.git(['rev-parse', '--is-shallow-repository', '--git-path', 'shallow']);
    const [shallow, file] = stdout.split('\n');
    if (shallow.trim() !== 'true') return [];
    const text = await readFile(resolve(this.root, file.trim()), 'utf8');
    return text.split('\n').map((line) => line.trim()).filter(Boolean);
  }

  async readTags(glob: string): Promise<TagRef[]> {
    const { stdout } = await this.git([
      'for-each-ref', '--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)', `refs/tags/${glob}`,
    ]);
    const tags: TagRef[] = [];
    for (const line of stdout.split('\n').filter(Boolean)) {
      const [ref, type, object, peeledType, peeled] = line.split('\0');
      const name = ref.slice('refs/tags/'.length);
      if (type === 'commit') tags.push({ name, commit: object });
      else if (type === 'tag' && peeledType === 'commit') tags.push({ name, commit: peeled });
      else if (type === 'tag' && peeledType === 'tag') tags.push({ name, commit: await this.peel(ref) });
      // Tags of trees or blobs are not releases: skipped.
    }
    return tags;
  }

  private async peel(ref: string): Promise<string> {
    const { stdout } = await this.git(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]);
    return stdout.trim();
  }

  async readCommitDate(commit: string): Promise<Date> {
    const { stdout } = await this.git(['show', '-s', '--format=%cI', operand('commit', commit)]);
    return new Date(stdout.trim());
  }

  async readHead(): Promise<{ commit: string; branch: string | null; clean: boolean; dirtyFiles: string[] }> {
    // One process: porcelain v2 gives the commit, the branch and every changed path (untracked
    // included, ignored excluded) with NUL-terminated, unquoted paths.
    const { stdout } = await this.git(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all']);
    let commit = '';
    let branch: string | null = null;
    const dirtyFiles: string[] = [];
    const entries = stdout.split('\0');
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.startsWith('# branch.oid ')) commit = entry.slice('# branch.oid '.length);
      else if (entry.startsWith('# branch.head ')) {
        const head = entry.slice('# branch.head '.length);
        branch = head === '(detached)' ? null : head;
      } else if (entry.startsWith('1 ')) dirtyFiles.push(fieldsAfter(entry, 8));
      else if (entry.startsWith('2 ')) {
        dirtyFiles.push(fieldsAfter(entry, 9));
        i++; // the original path of a rename follows as its own entry
      } else if (entry.startsWith('u ')) dirtyFiles.push(fieldsAfter(entry, 10));
      else if (entry.startsWith('? ')) dirtyFiles.push(entry.slice(2));
    }
    if (commit === '' || commit === '(initial)') {
      throw new TagdeployError('GIT_FAILED', `The repository at ${this.root} has no commits yet; commit something before releasing.`);
    }
    return { commit, branch, clean: dirtyFiles.length === 0, dirtyFiles };
  }

  async readRemote(): Promise<string | null> {
    const { stdout } = await this.git(['remote']);
    const remotes = stdout.split('\n').map((line) => line.trim()).filter(Boolean);
    if (remotes.includes('origin')) return 'origin';
    return remotes.length === 1 ? remotes[0] : null;
  }

  async readRemoteTags(remote: string, glob: string): Promise<TagRef[]> {
    // The peeled lines ("<tag>^{}") only match a pattern that names them too.
    const { stdout } = await this.git(['ls-remote', '--tags', operand('remote', remote), `refs/tags/${glob}`, `refs/tags/${glob}^{}`]);
    const byName = new Map<string, string>();
    for (const line of stdout.split('\n').filter(Boolean)) {
      const [sha, ref] = line.split('\t');
      if (!ref?.startsWith('refs/tags/')) continue;
      const peeled = ref.endsWith('^{}');
      const name = ref.slice('refs/tags/'.length, peeled ? -3 : undefined);
      // The peeled entry (the commit of an annotated tag) wins over the tag object.
      if (peeled || !byName.has(name)) byName.set(name, sha);
    }
    return [...byName].map(([name, commit]) => ({ name, commit }));
  }

  async createTag(name: string, commit: string, message: string): Promise<void> {
    const existing = await this.git(['rev-parse', '--verify', '--quiet', `refs/tags/${operand('tag', name)}`], { okCodes: [1] });
    if (existing.code === 0) {
      throw new TagdeployError('TAG_EXISTS', `Tag ${name} already exists in ${this.root} (at ${existing.stdout.trim().slice(0, 12)}); pick another version or delete the local tag with "git tag -d ${name}".`);
    }
    // --cleanup=whitespace keeps lines that start with "#" (the changelog's markdown headings);
    // git's default for tags would strip them as comments.
    await this.git(['tag', '-a', '--cleanup=whitespace', '-F', '-', name, operand('commit', commit)], { input: message });
  }

  async deleteTag(name: string): Promise<void> {
    await this.git(['tag', '-d', operand('tag', name)]);
  }

  async pushTag(remote: string, name: string): Promise<'created' | 'unchanged'> {
    const ref = `refs/tags/${operand('tag', name)}`;
    // Only this ref: no follow-tags or submodule pushes from the user's config.
    const args = ['push', '--porcelain', '--no-follow-tags', '--recurse-submodules=no', operand('remote', remote), `${ref}:${ref}`];
    const result = await this.git(args, { okCodes: [1] });
    // Porcelain flags: "*" a new ref, "=" up to date (the remote had this very object), "!" rejected.
    if (result.code === 0) return result.stdout.split('\n').some((l) => l.startsWith('=\t') && l.includes(`${ref}:${ref}`)) ? 'unchanged' : 'created';
    const line = result.stdout.split('\n').find((l) => l.startsWith('!') && l.includes(`${ref}:${ref}`));
    if (line) {
      const reason = line.split('\t')[2] ?? 'rejected';
      const detail = firstRemoteMessage(result.stderr);
      throw new TagdeployError(
        'PUSH_REJECTED',
        `Push of tag ${name} to ${remote} was rejected: ${reason}${detail ? ` (${detail})` : ''}. Someone may have claimed this version first: fetch the tags and plan again.`,
      );
    }
    throw gitFailed(args, result.stderr, this.root);
  }

  async fetchTag(remote: string, name: string): Promise<void> {
    const ref = `refs/tags/${operand('tag', name)}`;
    await this.git(['fetch', '--quiet', '--no-tags', '--recurse-submodules=no', operand('remote', remote), `+${ref}:${ref}`]);
  }

  async commit(paths: string[], message: string): Promise<string> {
    if (paths.length === 0) throw new TagdeployError('GIT_FAILED', 'Nothing to commit: no paths were given.');
    await this.git(['add', '--', ...paths]);
    // Paths after "--" commit only those files, even if other changes are staged.
    await this.git(['commit', '--cleanup=whitespace', '-F', '-', '--', ...paths], { input: message });
    const { stdout } = await this.git(['rev-parse', 'HEAD']);
    return stdout.trim();
  }

  async resetTo(commit: string): Promise<void> {
    // --keep, not --hard: moves the branch and the files that differ, but refuses (rather than
    // discards) if one of those files has local changes; other local changes stay.
    await this.git(['reset', '--keep', operand('commit', commit), '--']);
  }
}

/** The path after the first `count` space-separated fields of a porcelain v2 entry. */
function fieldsAfter(entry: string, count: number): string {
  let index = 0;
  for (let i = 0; i < count; i++) index = entry.indexOf(' ', index) + 1;
  return entry.slice(index);
}

/** The first "remote:" line of a push's stderr (a hook's explanation), if any. */
function firstRemoteMessage(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('remote:') && l.slice(7).trim().length > 0);
  return line ? line.slice(7).trim() : '';
}
