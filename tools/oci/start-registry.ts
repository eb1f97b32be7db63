// Starts Debian's docker-registry (distribution 2.8) for tests: 127.0.0.1 on a free port,
// filesystem storage in a temp dir, optionally behind htpasswd basic auth. Fails loudly when the
// binary is missing (apt-get install docker-registry).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';

export interface TestRegistry {
  /** "127.0.0.1:PORT" */
  host: string;
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  auth?: { user: string; password: string };
}

const BINARY = 'docker-registry';
const STARTUP_TIMEOUT_MS = 8_000;

export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const directory = await mkdtemp(join(tmpdir(), 'tagdeploy-registry-'));
  let child: ChildProcess | undefined;
  try {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const htpasswd = join(directory, 'htpasswd');
    if (options.auth) await writeFile(htpasswd, `${options.auth.user}:${bcrypt(options.auth.password)}\n`);
    const config = join(directory, 'config.yml');
    await writeFile(config, registryConfig(join(directory, 'data'), host, options.auth ? htpasswd : undefined));
    child = await spawnRegistry(config);
    await waitUntilAnswering(`http://${host}/v2/`, child);
    const running = child;
    return {
      host,
      stop: async () => {
        await stopChild(running);
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child);
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

function registryConfig(dataDir: string, addr: string, htpasswd: string | undefined): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dataDir}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${addr}`,
    ...(htpasswd ? ['auth:', '  htpasswd:', '    realm: tagdeploy-test', `    path: ${htpasswd}`] : []),
    '',
  ].join('\n');
}

/** distribution only takes bcrypt htpasswd entries; Debian's libcrypt does bcrypt, through perl. */
function bcrypt(password: string): string {
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const salt = [...randomBytes(22)].map((byte) => alphabet[byte % 64]).join('');
  const result = spawnSync('perl', ['-e', 'print crypt($ENV{PW}, $ENV{SALT})'], { env: { PW: password, SALT: `$2b$05$${salt}` }, encoding: 'utf8' });
  if (result.error || !result.stdout.startsWith('$2b$')) throw new Error(`could not compute a bcrypt hash with perl's crypt(): ${result.error?.message ?? result.stderr}`);
  return result.stdout;
}


function spawnRegistry(config: string): Promise<ChildProcess> {
  const child = spawn(BINARY, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = () => child.kill('SIGKILL');
  process.once('exit', stop);
  child.once('exit', () => process.removeListener('exit', stop));
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${BINARY} is not installed: apt-get install docker-registry (the OCI registry tests need it)`) : error),
    );
    child.once('spawn', () => resolve(child));
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${BINARY} exited with ${child.exitCode}: ${stderr.trim()}`);
    const answered = await fetch(url, { signal: AbortSignal.timeout(500) }).then((r) => r.status === 200 || r.status === 401, () => false);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${BINARY} did not answer on ${url} within ${STARTUP_TIMEOUT_MS} ms: ${stderr.trim()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
  });
}
