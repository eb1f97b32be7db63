// `nx serve-release` (or `tagdeploy serve`) as a child process of a test: started in its own process
// group (nx forks the executor), ready once it prints its URL, stopped (the whole group) by the test that started it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { nxBin, nxEnv, repoRoot } from '../../tools/shop/shop-files';
import type { Shop } from './shop';

export interface ServedEnv {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `nx serve-release <product> --env=<env> --port=0` in the shop (with `configuration`:
 * `-c <env>`, the inferred configuration of that env). Not with --outputStyle=static: in that style
 * Nx holds a task's output until the task ends, and this one never ends on its own.
 */
export function startServeRelease(shop: Shop, product: string, env: string, options: { configuration?: boolean; timeoutMs?: number } = {}): Promise<ServedEnv> {
  // The S3 suite puts its credentials and endpoint in process.env (see shop.ts), so they pass on.
  const envArg = options.configuration ? ['-c', env] : [`--env=${env}`];
  const command = [process.execPath, nxBin(shop.dir), 'serve-release', product, ...envArg, '--port=0'];
  return startServing(command, { cwd: shop.dir, env: { ...process.env, ...nxEnv } }, `nx serve-release ${product} ${envArg.join(' ')}`, options.timeoutMs);
}

/** Starts `tagdeploy serve <product> --env <env> --port 0` in the shop (the CLI of this checkout). */
export function startTagdeployServe(shop: Shop, product: string, env: string, timeoutMs = 60_000): Promise<ServedEnv> {
  const command = [process.execPath, join(repoRoot, 'packages/cli/bin/tagdeploy.js'), 'serve', product, '--env', env, '--port', '0'];
  return startServing(command, { cwd: shop.dir, env: { ...process.env, ...nxEnv } }, `tagdeploy serve ${product} --env ${env}`, timeoutMs);
}

/** Starts a command that serves an env (nx serve-release, or a shell line running it) in its own process group; ready once it prints its URL. */
export function startServing(command: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, label: string, timeoutMs = 90_000): Promise<ServedEnv> {
  const child = spawn(command[0], command.slice(1), { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const served: Omit<ServedEnv, 'url'> = {
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-(child.pid as number), 'SIGTERM');
      } catch {
        return; // the group is already gone
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          /* gone meanwhile */
        }
      }, 5_000);
      await exited;
      clearTimeout(killed);
    },
  };
  return new Promise<ServedEnv>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void served.stop().then(() => reject(new Error(`${label} ${why}. Its output:\n${output}`)));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Serving \S+ \S+ at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ ...served, url: match[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? `code ${code}`}) before serving`));
  });
}
