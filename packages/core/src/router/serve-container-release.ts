// The local router of a container product: runs the image the env's GitOps file pins (by digest,
// pulled from its registry) and forwards a local port to the container's port, as a Service
// forwards to its pods. It reads the env file every `pollMs`: after a deploy, promote or rollback
// it starts the new digest, waits until the health path answers (the readiness probe), switches
// new connections to it and stops the old one. A new image that does not become ready is left
// out, the old one keeps serving (as a Deployment's rollout would stall), and the reason is logged.
import { request as httpRequest } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { ImageRunner, ImageToRun, RunningImage } from '../container/image-runner';
import type { Reporter } from '../release/ports';
import { badPort, cannotListen, type ReleaseServer } from './serve-release';

/** What the env runs now, as its GitOps file says: null when it runs nothing yet. */
export type ReadEnvImage = () => Promise<(ImageToRun & { version: string }) | null>;

export interface ServeContainerOptions {
  product: string;
  env: string;
  /** The local port (0: a free one) and address. */
  port: number;
  host?: string;
  /** The product's runtime: the port its container listens on, and the readiness path. */
  runtime: { port: number; healthPath: string };
  readEnvImage: ReadEnvImage;
  runner: ImageRunner;
  reporter: Reporter;
  /** How often the env file is read again. */
  pollMs?: number;
  /** How long a new container may take to answer its health path. */
  readyTimeoutMs?: number;
}

export async function serveContainerRelease(options: ServeContainerOptions): Promise<ReleaseServer> {
  const { host = '127.0.0.1', port } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badPort(options, port);
  let current: RunningImage | null = null;
  let failedDigest: string | null = null;
  let closed = false;

  const follow = async () => {
    const wanted = await options.readEnvImage();
    if (!wanted || wanted.digest === current?.digest || wanted.digest === failedDigest) return;
    options.reporter.info(`${options.product}: ${options.env} runs ${wanted.what}; starting it`);
    let next: RunningImage | null = null;
    try {
      next = await options.runner.start(wanted, { port: options.runtime.port, onLine: (line) => options.reporter.info(`${options.product} ${wanted.version}: ${line}`) });
      await waitUntilReady(next, options.runtime.healthPath, options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      await next?.stop();
      failedDigest = wanted.digest;
      options.reporter.warn(`${options.product}: ${wanted.what} did not become ready (${(error as Error).message}); ${current ? 'the previous container keeps serving' : 'nothing is served'}.`);
      return;
    }
    if (closed) return next.stop();
    const previous = current;
    current = next;
    failedDigest = null;
    options.reporter.info(`${options.product}: ${options.env} now serves ${wanted.version} (${wanted.digest})`);
    await previous?.stop();
  };

  await follow();
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    forward(client, current, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(cannotListen(options, host, port, error as NodeJS.ErrnoException)));
    server.listen(port, host, () => resolve());
  });
  let polling = Promise.resolve();
  const timer = setInterval(() => {
    polling = polling.then(follow).catch((error: Error) => options.reporter.warn(`${options.product}: reading ${options.env} failed: ${error.message}`));
  }, options.pollMs ?? 1_000);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}/`,
    close: async () => {
      closed = true;
      clearInterval(timer);
      await polling;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await stopped;
      await current?.stop();
    },
  };
}

function forward(client: Socket, running: RunningImage | null, options: ServeContainerOptions): void {
  client.on('error', () => client.destroy());
  if (!running) {
    const body = `${options.env} of ${options.product} runs nothing yet (or its image did not start): deploy a release to it.\n`;
    client.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    return;
  }
  const upstream = running.connect();
  upstream.on('error', () => client.destroy());
  client.pipe(upstream).pipe(client);
}

async function waitUntilReady(running: RunningImage, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void running.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error('its process exited');
    if ((await probe(running, path)) === true) return;
    if (Date.now() > deadline) throw new Error(`GET ${path} did not answer 2xx within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function probe(running: RunningImage, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest({ createConnection: () => running.connect(), path, host: 'localhost', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 400);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
