// Starts a real S3 server for tests: s3rver in a child process (temp dir, 127.0.0.1, free port)
// behind our proxy, which adds AWS's conditional-write rules, access control and fault injection.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startS3Proxy, type FaultOptions, type ProxyStats } from './s3-proxy';

export type { FaultOptions, ProxyStats } from './s3-proxy';

export interface S3TestServer {
  /** The proxy: use this one, it enforces If-None-Match / If-Match. */
  endpoint: string;
  /** s3rver itself: no conditional writes, no faults, no access control. */
  directEndpoint: string;
  region: 'us-east-1';
  credentials: { accessKeyId: string; secretAccessKey: string };
  createBucket(name: string): Promise<void>;
  setFaults(faults: FaultOptions): void;
  stats(): ProxyStats;
  stop(): Promise<void>;
}

export interface StartS3Options {
  faults?: FaultOptions;
  /** Only this access key id is let through the proxy (others get 403 AccessDenied). Default: any key s3rver knows. */
  accessKeyId?: string;
}

/** s3rver's built-in account; it checks that the key id exists but does not verify SigV4 signatures. */
const S3RVER_KEY = 'S3RVER';
// Below vitest's default hook timeout (10 s), so a failed start reports its own reason.
const STARTUP_TIMEOUT_MS = 8_000;

export async function startS3(options: StartS3Options = {}): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'tagdeploy-s3-'));
  let child: ChildProcess | undefined;
  try {
    const started = await spawnS3rver(directory);
    child = started.child;
    const directEndpoint = `http://127.0.0.1:${started.port}`;
    await waitUntilAnswering(directEndpoint);
    const proxy = await startS3Proxy({ upstream: directEndpoint, accessKeyId: options.accessKeyId, faults: options.faults });
    const running = child;
    return {
      endpoint: proxy.endpoint,
      directEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: options.accessKeyId ?? S3RVER_KEY, secretAccessKey: S3RVER_KEY },
      createBucket: (name) => createBucket(directEndpoint, name),
      setFaults: proxy.setFaults,
      stats: proxy.stats,
      stop: async () => {
        await proxy.close();
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

function spawnS3rver(directory: string): Promise<{ child: ChildProcess; port: number }> {
  const script = join(__dirname, 's3rver-child.cjs');
  const s3rver = require.resolve('s3rver');
  // stdin stays open as a lifeline: the child exits when it closes, even if we crash.
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, s3rver, join(directory, 'data')], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`s3rver did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`.trim()));
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`s3rver exited with code ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
  });
}

async function waitUntilAnswering(endpoint: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const status = await request('GET', `${endpoint}/`).catch(() => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`s3rver at ${endpoint} did not answer ListBuckets (last status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function createBucket(directEndpoint: string, name: string): Promise<void> {
  const status = await request('PUT', `${directEndpoint}/${encodeURIComponent(name)}`);
  if (status !== 200) throw new Error(`Could not create bucket "${name}" on s3rver: HTTP ${status}. Bucket names need 3-63 lowercase letters, digits, dots or hyphens.`);
}

function request(method: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}
