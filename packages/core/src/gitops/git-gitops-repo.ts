// GitOpsRepo over the git binary, in a private clone (a temp folder of its own, so that parallel
// deployments never share a work tree). Every call is `git` with an argument array; credentials
// come only from git's own configuration and helpers. Pushes never force: a rejected push
// fetches the new head, edits again and retries with full-jitter backoff.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { runGit } from '../git/git-cli';
import type { GitOpsChange, GitOpsCommit, GitOpsCommitResult, GitOpsRepo, GitOpsTree } from './gitops-repo';
import { formatTrailers, parseGitLog, logFormat } from './git-log-format';
import { settingsFile } from '../commands/spelling';

export interface RetryPolicy {
  /** Pushes tried at most (default 6). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface GitGitOpsRepoOptions {
  /** The repo as configured, for messages. */
  url: string;
  /** What git fetches from and pushes to (a URL or an absolute path). */
  remote: string;
  branch: string;
  /** `-c key=value` settings for every git call (tests: identity, no signing). */
  gitConfig?: Readonly<Record<string, string>>;
  retry?: Partial<RetryPolicy>;
  /** Random number in [0, 1) for the jitter (tests pass a fixed one). */
  random?: () => number;
}

const defaultRetry: RetryPolicy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 2_000 };
const fallbackIdentity = { 'user.name': 'tagdeploy', 'user.email': 'tagdeploy@localhost' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class GitGitOpsRepo implements GitOpsRepo {
  readonly url: string;
  readonly branch: string;
  private head: string | null = null;
  private fetched = false;
  private readonly retry: RetryPolicy;
  private readonly configArgs: string[];
  private attemptSeq = 0;

  private constructor(
    private readonly dir: string,
    private readonly options: GitGitOpsRepoOptions,
  ) {
    this.url = options.url;
    this.branch = options.branch;
    this.retry = { ...defaultRetry, ...options.retry };
    this.configArgs = Object.entries(options.gitConfig ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  }

  /** Makes the private clone (no network yet: the first fetch() reaches the remote). */
  static async open(options: GitGitOpsRepoOptions): Promise<GitGitOpsRepo> {
    const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-gitops-'));
    const repo = new GitGitOpsRepo(dir, options);
    try {
      await repo.git(['init', '-q']);
      await repo.git(['remote', 'add', 'origin', options.remote]);
      await repo.git(['config', 'gc.auto', '0']);
      // git refuses to commit without an identity; keep the user's own when there is one.
      const email = await repo.git(['config', 'user.email'], [1]);
      if (!email.stdout.trim()) for (const [key, value] of Object.entries(fallbackIdentity)) await repo.git(['config', key, value]);
    } catch (error) {
      await repo.close();
      throw error;
    }
    return repo;
  }

  async fetch(): Promise<GitOpsTree> {
    const ref = `refs/remotes/origin/${this.branch}`;
    const result = await this.git(['fetch', '-q', '--no-tags', 'origin', `+refs/heads/${this.branch}:${ref}`], [1, 128]);
    if (result.code !== 0) {
      if (!/couldn't find remote ref/i.test(result.stderr)) throw this.unavailable(result.stderr);
      this.head = null;
    } else {
      this.head = (await this.git(['rev-parse', '--verify', ref])).stdout.trim();
    }
    this.fetched = true;
    return this.tree(this.head);
  }

  async commit(change: GitOpsChange): Promise<GitOpsCommitResult> {
    let tree = this.fetched ? this.tree(this.head) : await this.fetch();
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      const files = await change.edit(tree);
      if (files === null) return { commit: null, attempts: attempt - 1 };
      const commit = await this.writeCommit(tree.head, files, `${change.message.trim()}\n\n${formatTrailers(change.trailers)}`);
      if (commit === null) return { commit: null, attempts: attempt - 1 };
      if (await this.push(commit)) {
        this.head = commit;
        return { commit, attempts: attempt };
      }
      if (attempt < this.retry.attempts) await sleep(this.backoff(attempt));
      tree = await this.fetch();
    }
    throw new TagdeployError(
      'GITOPS_PUSH_FAILED',
      `Could not push to ${this.url} (${this.branch}): ${this.retry.attempts} pushes were rejected because others kept landing first. Nothing of this change landed; run the command again.`,
    );
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private tree(head: string | null): GitOpsTree {
    return {
      head,
      read: (path) => (head === null ? Promise.resolve(null) : this.readBlob(head, path)),
      list: async (dirs) => {
        if (head === null || dirs.length === 0) return [];
        const result = await this.git(['ls-tree', '-r', '-z', '--name-only', head, '--', ...dirs]);
        return result.stdout.split('\0').filter((path) => path.length > 0);
      },
      log: async (path) => (head === null ? [] : this.readLog(head, path)),
    };
  }

  private async readLog(head: string, path: string): Promise<GitOpsCommit[]> {
    const result = await this.git(['log', `--format=${logFormat}`, head, '--', path]);
    return parseGitLog(result.stdout);
  }

  /** One `cat-file --batch`: the blob, or null when the path is not in the commit. */
  private async readBlob(head: string, path: string): Promise<string | null> {
    const chunks: Buffer[] = [];
    await runGit(this.dir, [...this.configArgs, 'cat-file', '--batch'], { input: `${head}:${path}\n`, onStdout: (chunk) => chunks.push(chunk) });
    const out = Buffer.concat(chunks);
    const headerEnd = out.indexOf(0x0a);
    const header = out.subarray(0, headerEnd).toString('utf8');
    if (/ missing$/.test(header)) return null;
    const [, type, size] = header.split(' ');
    if (type !== 'blob') return null;
    return out.subarray(headerEnd + 1, headerEnd + 1 + Number(size)).toString('utf8');
  }

  /** Commits `files` on top of `head` in the private work tree; null when they change nothing. */
  private async writeCommit(head: string | null, files: Record<string, string>, message: string): Promise<string | null> {
    if (head !== null) await this.git(['checkout', '-q', '-f', '--detach', head]);
    else {
      await this.git(['checkout', '-q', '-f', '--orphan', `tagdeploy-${++this.attemptSeq}`]);
      await this.git(['read-tree', '--empty']);
    }
    await this.git(['clean', '-q', '-f', '-d', '-x']);
    const paths = Object.keys(files);
    for (const path of paths) {
      const file = join(this.dir, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, files[path]);
    }
    await this.git(['add', '--', ...paths]);
    const staged = await this.git(['diff', '--cached', '--quiet', '--exit-code'], [1]);
    if (staged.code === 0) return null;
    await this.git(['commit', '-q', '--no-verify', '--cleanup=whitespace', '-F', '-'], [], message);
    return (await this.git(['rev-parse', 'HEAD'])).stdout.trim();
  }

  /** true: landed; false: rejected because the branch moved (retry). Anything else throws. */
  private async push(commit: string): Promise<boolean> {
    const result = await this.git(['push', '--porcelain', '-q', 'origin', `${commit}:refs/heads/${this.branch}`], [1, 128]);
    if (result.code === 0) return true;
    const output = `${result.stdout}\n${result.stderr}`;
    if (/non-fast-forward|fetch first|\[rejected\]|failed to update ref|cannot lock ref|incorrect old value/i.test(output)) return false;
    if (/remote rejected|pre-receive|protected branch/i.test(output)) {
      throw new TagdeployError(
        'GITOPS_PUSH_FAILED',
        `${this.url} refused the push to ${this.branch}: ${firstLine(output)}. Allow tagdeploy's git identity to push to ${this.branch} (branch protection, hooks), then run the command again. Nothing landed.`,
      );
    }
    throw this.unavailable(result.stderr);
  }

  private backoff(attempt: number): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round((this.options.random ?? Math.random)() * cap);
  }

  private unavailable(stderr: string): TagdeployError {
    return new TagdeployError(
      'GITOPS_UNAVAILABLE',
      `The GitOps repo ${this.url} cannot be reached: ${firstLine(stderr)}. Check "gitops.repo" in ${settingsFile}, that the server is up and that git can reach it with your credentials (try: git ls-remote ${this.options.remote}). Nothing changed.`,
    );
  }

  private git(args: string[], okCodes: number[] = [], input?: string) {
    return runGit(this.dir, [...this.configArgs, ...args], { okCodes, ...(input !== undefined ? { input } : {}) });
  }
}

function firstLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0 && line !== 'Done');
  return (lines.find((line) => /^(fatal|error|!)/.test(line)) ?? lines[0] ?? '(no message from git)').replace(/^fatal:\s*/, '');
}
