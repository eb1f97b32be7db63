// Runs an image without a container engine: its layers unpacked into a temp root, its entrypoint
// started by util-linux `unshare` in that root (--root, --wd), as its user (--setuid/--setgid) and
// in a network namespace of its own, so that it listens on its own port as in a pod. A small
// relay started in that namespace (nsenter) joins the port to a unix socket in the temp folder:
// unix sockets are files, so the host reaches the container through it.
// Needs root (CI and these machines run as root). It does not emulate resource limits, network
// policy, /proc and /dev mounts, probes that restart the container, or a PID namespace.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ociArchitecture } from './build-image-config';
import { containerError } from './container-error';
import type { ImageRunner, ImageToRun, RunningImage } from './image-runner';
import { readImage } from './read-base-image';
import { readImageLayers } from './read-image-layers';
import { unpackImageLayers } from './unpack-image-layers';

const run = promisify(execFile);
const STOP_GRACE_MS = 5_000;

// Runs inside the container's network namespace with the host's node: unix socket <-> 127.0.0.1:port.
const RELAY = `const net = require('node:net');
const [socket, port] = process.argv.slice(1);
net.createServer((client) => {
  const upstream = net.connect(Number(port), '127.0.0.1');
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream).pipe(client);
}).listen(socket);`;

export class NamespaceImageRunner implements ImageRunner {
  async start(image: ImageToRun, options: { port: number; onLine?: (line: string) => void }): Promise<RunningImage> {
    const read = await readImage(image.storage, image.repository, image.digest, { os: 'linux', architecture: ociArchitecture() }, image.what);
    if (!read) throw containerError('IMAGE_RUN_FAILED', `${image.what} is not in ${image.storage.location}: it cannot be started. Check that the registry still has it (release-status shows what each env pins).`);
    const work = await mkdtemp(join(tmpdir(), 'tagdeploy-run-'));
    const root = join(work, 'root');
    const socket = join(work, 'port.sock');
    const children: ChildProcess[] = [];
    // A serve stopped by a signal may exit before stop() finishes: the root (the image, often
    // 100 MB) and the container go with the process anyway.
    const onExit = () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(work, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    const cleanup = async () => {
      process.removeListener('exit', onExit);
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(work, { recursive: true, force: true });
    };
    try {
      await unpackImageLayers(await readImageLayers(image.storage, image.repository, read.manifest, image.what), root);
      await chmod(work, 0o755);
      await chmod(root, 0o755);
      const config = read.config.config ?? {};
      const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
      if (!command.length) throw containerError('IMAGE_RUN_FAILED', `${image.what} has no entrypoint or command to start.`);
      const { uid, gid } = await resolveUser(root, config.User ?? '', image.what);
      const env = Object.fromEntries((config.Env ?? []).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      const args = ['--net', `--root=${root}`, `--wd=${config.WorkingDir || '/'}`, '--setuid', String(uid), '--setgid', String(gid), '--', ...command];
      const container = spawn('unshare', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(container);
      forwardLines(container, options.onLine);
      const exited = new Promise<number | null>((resolve) => container.once('exit', (code) => resolve(code)));
      const failedToSpawn = new Promise<never>((_, reject) => container.once('error', (error) => reject(containerError('IMAGE_RUN_FAILED', `Starting ${image.what} failed: ${error.message} (util-linux unshare is needed).`))));
      await Promise.race([waitForNamespace(container), failedToSpawn, exited.then((code) => Promise.reject(startFailed(image, code)))]);
      await run('nsenter', ['-t', String(container.pid), '-n', '--', 'ip', 'link', 'set', 'lo', 'up']);
      const relay = spawn('nsenter', ['-t', String(container.pid), '-n', '--', process.execPath, '-e', RELAY, socket, String(options.port)], { stdio: 'ignore' });
      children.push(relay);
      await waitFor(() => existsSync(socket), exited.then((code) => Promise.reject(startFailed(image, code))));
    } catch (error) {
      await cleanup();
      throw error;
    }
    const container = children[0];
    const exited = new Promise<number | null>((resolve) => (container.exitCode !== null || container.signalCode !== null ? resolve(container.exitCode) : container.once('exit', (code) => resolve(code))));
    return {
      digest: image.digest,
      connect: () => connect(socket),
      exited,
      stop: async () => {
        if (container.exitCode === null && container.signalCode === null) {
          container.kill('SIGTERM');
          const timer = setTimeout(() => container.kill('SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }
        await cleanup();
      },
    };
  }
}

/** "name", "uid", "uid:gid" or "name:group", looked up in the image's own /etc/passwd and /etc/group. */
async function resolveUser(root: string, user: string, what: string): Promise<{ uid: number; gid: number }> {
  if (!user) return { uid: 0, gid: 0 };
  const [name, group] = user.split(':', 2);
  const table = async (file: string) => (await readFile(join(root, file), 'utf8').catch(() => '')).split('\n').map((line) => line.split(':'));
  const passwd = await table('etc/passwd');
  const entry = /^\d+$/.test(name) ? passwd.find((fields) => fields[2] === name) ?? [name, '', name, name] : passwd.find((fields) => fields[0] === name);
  if (!entry) throw containerError('IMAGE_RUN_FAILED', `${what} runs as user "${name}", which its /etc/passwd does not have: the container would not start.`);
  let gid = Number(entry[3]);
  if (group) {
    const found = /^\d+$/.test(group) ? [group, '', group] : (await table('etc/group')).find((fields) => fields[0] === group);
    if (!found) throw containerError('IMAGE_RUN_FAILED', `${what} runs as group "${group}", which its /etc/group does not have.`);
    gid = Number(found[2]);
  }
  return { uid: Number(entry[2]), gid };
}

function startFailed(image: ImageToRun, code: number | null): Error {
  return containerError('IMAGE_RUN_FAILED', `${image.what} exited (${code === null ? 'killed by a signal' : `code ${code}`}) as it started; its output is above.`);
}

/** unshare has entered the namespace once its pid has a network namespace other than ours. */
async function waitForNamespace(child: ChildProcess): Promise<void> {
  const ours = await readLinkSafe('/proc/self/ns/net');
  await waitFor(async () => {
    const theirs = await readLinkSafe(`/proc/${child.pid}/ns/net`);
    return theirs !== null && theirs !== ours;
  });
}

async function readLinkSafe(path: string): Promise<string | null> {
  return readlink(path).catch(() => null);
}

async function waitFor(check: () => boolean | Promise<boolean>, abort?: Promise<never>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const loop = (async () => {
    while (!(await check())) {
      if (Date.now() > deadline) throw containerError('IMAGE_RUN_FAILED', 'The container did not come up within 10 s.');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  await (abort ? Promise.race([loop, abort]) : loop);
}

function forwardLines(child: ChildProcess, onLine?: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    });
  }
}
