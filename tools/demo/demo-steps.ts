// What both demo stories share: step titles, running a shown command and timing it, git in the
// copy, and the story itself (checkout's two releases through staging and production and the
// rollback, then payments-api through the GitOps repo, then signed releases of storefront verified,
// tampered with, rebuilt and pruned (proof-steps.ts), then the tags and the release folders).
// nx-story.ts and turbo-story.ts each bring the copy and the commands of their host.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { proveReleases } from './proof-steps';

export const approver = 'Demo Lead';

export function step(title: string): void {
  process.stdout.write(`\n\x1b[1m== ${title}\x1b[0m\n`);
}

/** One shown command: its wall time (start-up included) and what it printed on stdout. */
export interface ShownRun {
  ms: number;
  stdout: string;
}

/**
 * Runs a node script with its arguments, showing `$ <shown>` first and its output (stdout is also
 * kept). `expect: 'failure'`: the step shows a refusal, and a success is what fails the demo.
 */
export function runShown(shown: string, script: string, args: string[], cwd: string, env: Record<string, string>, expect: 'success' | 'failure' = 'success'): ShownRun {
  process.stdout.write(`$ ${shown}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [script, ...args], { cwd, stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, ...env } });
  const ms = Date.now() - started;
  process.stdout.write(run.stdout ?? '');
  if (expect === 'success' && run.status !== 0) throw new Error(`"${shown}" failed with exit code ${run.status}`);
  if (expect === 'failure' && run.status === 0) throw new Error(`"${shown}" was expected to fail, and succeeded`);
  return { ms, stdout: run.stdout ?? '' };
}

/** Checkout's rollback in production, in two figures: the env switch itself, and the whole command. */
export interface RollbackTiming {
  /** The switch as tagdeploy measured it (the "switched in N ms" of its result line). */
  switchMs: number;
  /** The command's wall time, start-up of the host included. */
  wallMs: number;
  /** What the wall time includes besides the switch, e.g. "Nx start-up and project graph". */
  includes: string;
}

/** "switch 17 ms, command 5.3 s (Nx start-up and project graph included)". */
export const formatRollbackTiming = (timing: RollbackTiming): string =>
  `switch ${timing.switchMs} ms (the env pointer replaced), command ${(timing.wallMs / 1000).toFixed(1)} s (${timing.includes} included)`;

/** `git` in a folder, returning its output. */
export function gitIn(dir: string): (...args: string[]) => string {
  return (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
}

/** A new temp folder for one story: the copy goes in `<work>/<name>`, its bare remote in `<work>/remote.git`. */
export function demoFolders(name: string): { work: string; dir: string; remote: string } {
  const work = mkdtempSync(join(tmpdir(), 'tagdeploy-demo-'));
  return { work, dir: join(work, name), remote: join(work, 'remote.git') };
}

/** The commands of one host, each shown and run in the copy. */
export interface DemoCommands {
  release(product: string, dryRun?: boolean): ShownRun;
  deploy(product: string, env: string): ShownRun;
  promote(product: string, to: string): ShownRun;
  rollback(product: string, env: string, reason: string): ShownRun;
  status(product: string): ShownRun;
  /** Every product of the story side by side. */
  statusAll(): ShownRun;
  /** release-verify: one release (or every release an env runs), optionally rebuilt; `expectFailure`: it must refuse. */
  verify(product: string, options: { release?: string; rebuild?: boolean; expectFailure?: boolean }): ShownRun;
  prune(product: string, keep: number): ShownRun;
}

export interface DemoStory {
  /** The copy (a git repo on main) and its bare remote. */
  dir: string;
  remote: string;
  /** The first step's title and what it does: make the copy, install it and give it its git history. */
  setUp: { title: string; run(): void };
  commands: DemoCommands;
  /** Edits the workspace settings (nx.json's plugin options, or tagdeploy.config.json); the caller commits. */
  editSettings(edit: (settings: Record<string, unknown>) => void): void;
  /** What a fix to payments-api shows beyond its first release (the Nx story: a second release and its rollback). */
  afterFirstBackendRelease?(): void;
  /** What the rollback's wall time includes besides the switch, e.g. "Nx start-up and project graph". */
  rollbackIncludes: string;
  /** The closing lines: how to serve production and what to try next. */
  nextSteps: string[];
}

/** Tells one story; returns how long checkout's rollback took (printed once, by run-demo). */
export function tellStory(story: DemoStory): RollbackTiming {
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
  const rollback = run.rollback('checkout', 'production', 'demo: totals look wrong');
  const switched = /switched in (\d+) ms/.exec(rollback.stdout);
  if (!switched) throw new Error(`the rollback printed no "switched in <n> ms":\n${rollback.stdout}`);
  const timing = { switchMs: Number(switched[1]), wallMs: rollback.ms, includes: story.rollbackIncludes };

  step('What is live where, and every deployment');
  run.status('checkout');

  step('A backend: payments-api is a container product. Its release is one image, built once and pushed by digest');
  run.release('payments-api');
  run.deploy('payments-api', 'staging');
  run.promote('payments-api', 'production');
  story.afterFirstBackendRelease?.();

  step('Static and container products side by side');
  run.statusAll();

  proveReleases(story);

  showReleaseRecords(dir, story.remote);

  step('Done');
  for (const line of story.nextSteps) process.stdout.write(`${line}\n`);
  return timing;
}

/** Rewrites a JSON file of the copy (the caller commits). */
export function editJson(path: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
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
