// Starts a real npm registry for tests: verdaccio in a child process (temp dir, 127.0.0.1, a free
// port, no uplinks), with one user whose token goes into an npm user config (.npmrc) of its own,
// so that npm finds the auth the way a user's machine has it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';

export interface NpmTestRegistry {
  /** e.g. "http://127.0.0.1:4873/" (with the trailing slash npm writes). */
  url: string;
  /** An npm user config holding the registry and the user's token: pass it as NPM_CONFIG_USERCONFIG. */
  userconfig: string;
  /** The environment that makes npm use this registry and its auth. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const verdaccioBin = join(__dirname, '..', '..', 'node_modules', 'verdaccio', 'bin', 'verdaccio');
const STARTUP_TIMEOUT_MS = 20_000;

export async function startVerdaccio(): Promise<NpmTestRegistry> {
  const directory = await mkdtemp(join(tmpdir(), 'tagdeploy-verdaccio-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(directory, 'config.yaml');
  await writeFile(config, verdaccioConfig(directory, port));
  const child = spawn(process.execPath, [verdaccioBin, '--config', config], { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    await waitUntilAnswering(url, child, () => stderr);
    const token = await addUser(url, 'release-bot', 'release-bot-password');
    const userconfig = join(directory, 'npmrc');
    await writeFile(userconfig, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return {
      url,
      userconfig,
      env: { NPM_CONFIG_USERCONFIG: userconfig, npm_config_registry: url, NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_AUDIT: 'false', NPM_CONFIG_FUND: 'false' },
      stop: async () => {
        await stopChild(child);
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(child);
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

function verdaccioConfig(directory: string, port: number): string {
  return [
    `storage: ${JSON.stringify(join(directory, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(directory, 'htpasswd'))}`,
    '    max_users: 100',
    'uplinks: {}',
    'packages:',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    '    unpublish: $authenticated',
    'server:',
    '  keepAliveTimeout: 0',
    'security:',
    '  api:',
    '    legacy: true',
    `listen: 127.0.0.1:${port}`,
    'log: { type: stdout, format: pretty, level: error }',
    '',
  ].join('\n');
}

/** Creates a user (verdaccio's htpasswd takes new users) and returns its token. */
async function addUser(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio did not create user ${name}: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}


async function waitUntilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}: ${stderr()}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`verdaccio did not answer on ${url} within ${STARTUP_TIMEOUT_MS / 1000} s: ${stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}
