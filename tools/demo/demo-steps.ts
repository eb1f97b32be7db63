// What both demo stories share: step titles, running a shown command and timing it, git in the
// copy, and the story itself (checkout's two releases through staging and production and the
// rollback, then payments-api through the GitOps repo, then the tags and the release folders).
// nx-story.ts and turbo-story.ts each bring the copy and the commands of their host.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const approver = 'Demo Lead';

export function step(title: string): void {
  process.stdout.write(`\n\x1b[1m== ${title}\x1b[0m\n`);
}

/** Runs a node script with its arguments, showing `$ <shown>` first and its output; returns its wall time in ms. */
export function runShown(shown: string, script: string, args: string[], cwd: string, env: Record<string, string>): number {
  process.stdout.write(`$ ${shown}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [script, ...args], { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`"${shown}" failed with exit code ${run.status}`);
  return Date.now() - started;
}

/** `git` in a folder, returning its output. */
export function gitIn(dir: string): (...args: string[]) => string {
  return (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
}

/** A new temp folder for one story: the copy goes in `<work>/<name>`, its bare remote in `<work>/remote.git`. */
export function demoFolders(name: string): { work: string; dir: string; remote: string } {
  const work = mkdtempSync(join(tmpdir(), 'tagdeploy-demo-'));
  return { work, dir: join(work, name), remote: join(work, 'remote.git') };
}

/** The commands of one host, each shown and run in the copy; each returns its wall time in ms. */
export interface DemoCommands {
  release(product: string, dryRun?: boolean): number;
  deploy(product: string, env: string): number;
  promote(product: string, to: string): number;
  rollback(product: string, env: string, reason: string): number;
  status(product: string): number;
  /** Every product of the story side by side. */
  statusAll(): number;
}

export interface DemoStory {
  /** The copy (a git repo on main) and its bare remote. */
  dir: string;
  remote: string;
  /** The first step's title and what it does: make the copy, install it and give it its git history. */
  setUp: { title: string; run(): void };
  commands: DemoCommands;
  /** What a fix to payments-api shows beyond its first release (the Nx story: a second release and its rollback). */
  afterFirstBackendRelease?(): void;
  /** What the rollback's wall time includes, e.g. "Nx start-up included". */
  rollbackIncludes: string;
  /** The closing lines: how to serve production and what to try next. */
  nextSteps: string[];
}

/** Tells one story; returns the wall time of checkout's rollback in ms. */
export function tellStory(story: DemoStory): number {
  const { dir, commands: run } = story;
  const git = gitIn(dir);

  step(story.setUp.title);
  story.setUp.run();
  process.stdout.write(git('log', '--oneline'));

  step('Plan the first release of checkout (dry run: nothing changes)');
  run.release('checkout', true);

  step('Release checkout: build once, tag, claim the tag on the remote, publish, seal');
  run.release('checkout');

  step('Deploy it to staging, then promote exactly that release to production (approval required)');
  run.deploy('checkout', 'staging');
  run.promote('checkout', 'production');

  step('Fix a bug in the shared ui library, which checkout and storefront both use');
  commitFix(dir, 'packages/ui/src/index.ts', 'prices now round half up', 'fix(ui): round prices half up');
  process.stdout.write(git('log', '--oneline', '-1'));

  step('Plan again: checkout gets a patch through ui; storefront is affected but not released');
  run.release('checkout', true);
  run.release('checkout');

  step('Deploy the fix to staging and promote it to production');
  run.deploy('checkout', 'staging');
  run.promote('checkout', 'production');

  step('Production misbehaves: roll it back to the previous release (no rebuild, no upload)');
  const rollbackMs = run.rollback('checkout', 'production', 'demo: totals look wrong');

  step('What is live where, and every deployment');
  run.status('checkout');

  step('A backend: payments-api is a container product. Its release is one image, built once and pushed by digest');
  run.release('payments-api');
  run.deploy('payments-api', 'staging');
  run.promote('payments-api', 'production');
  story.afterFirstBackendRelease?.();

  step('Static and container products side by side');
  run.statusAll();

  showReleaseRecords(dir, story.remote);

  step('Done');
  process.stdout.write(`The rollback took ${(rollbackMs / 1000).toFixed(1)} s, ${story.rollbackIncludes}.\n`);
  for (const line of story.nextSteps) process.stdout.write(`${line}\n`);
  return rollbackMs;
}

/** Appends a comment to a file of the copy and commits it with the message. */
export function commitFix(dir: string, file: string, comment: string, message: string): void {
  appendFileSync(join(dir, file), `\n// ${comment}\n`);
  gitIn(dir)('commit', '-qam', message);
}

/** The GitOps repo's last commits, the tags on the remote and the files of the store. */
function showReleaseRecords(dir: string, remote: string): void {
  step('The GitOps repo (.tagdeploy/gitops.git): one commit per deployment, with trailers');
  process.stdout.write(execFileSync('git', ['--git-dir', join(dir, '.tagdeploy', 'gitops.git'), 'log', '--format=%h %s%n%(trailers:only,unfold)', '-4'], { encoding: 'utf8' }));

  step('Tags on the remote, with their changelog sections');
  process.stdout.write(gitIn(remote)('tag', '-n20', '-l'));

  step('The store (.tagdeploy/store): frozen release folders and env pointers with their history');
  const store = join(dir, '.tagdeploy', 'store');
  const walk = (folder: string): string[] =>
    readdirSync(folder)
      .filter((name) => name !== '.meta')
      .flatMap((name) => (statSync(join(folder, name)).isDirectory() ? walk(join(folder, name)) : [relative(store, join(folder, name))]));
  for (const file of walk(store).sort()) process.stdout.write(`  ${file}\n`);
}
