// A real git server for tests: `git daemon` serving the bare repos under a folder over git://
// on 127.0.0.1 and a free port, with pushes enabled. stop() ends it.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../support/free-port';

export interface GitServer {
  /** git://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  /** The URL of the bare repo at <baseDir>/<name>. */
  url(name: string): string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 8_000;

export async function serveGit(baseDir: string): Promise<GitServer> {
  const port = await freePort();
  const child = spawn(
    'git',
    ['daemon', '--reuseaddr', `--base-path=${baseDir}`, '--export-all', '--enable=receive-pack', '--listen=127.0.0.1', `--port=${port}`, '--informative-errors', baseDir],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  try {
    await waitForPort(port, child, stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const baseUrl = `git://127.0.0.1:${port}`;
  return { baseUrl, port, url: (name) => `${baseUrl}/${name}`, stop: () => stopChild(child) };
}


async function waitForPort(port: number, child: ChildProcess, stderr: string[]): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`git daemon exited with ${child.exitCode}: ${stderr.join('').trim() || '(no output)'}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`git daemon did not listen on 127.0.0.1:${port} within ${STARTUP_TIMEOUT_MS} ms: ${stderr.join('').trim()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
