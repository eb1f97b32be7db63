// The local router: an HTTP server that serves what an env points at, straight from the store.
// It reads the env pointer on every request, so a deploy or rollback takes effect on the next one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTagdeployError, TagdeployError } from '../errors/tagdeploy-error';
import { redactSecrets } from '../report/redact-secrets';
import { cachePolicyFor } from '../store/cache-policy';
import type { ObjectHead, ObjectStore } from '../store/object-store';
import { readPointerVersion } from './read-pointer-version';
import { resolveReleaseRoute } from './resolve-release-route';
import { command, renderMessage, type CommandSpelling } from '../commands/spelling';

export interface ServeReleaseOptions {
  store: ObjectStore;
  product: string;
  env: string;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** How the host names commands in the messages the server sends. */
  spelling: CommandSpelling;
  /** The status page of every product, made on each request to statusPagePath. */
  statusPage?: () => Promise<string>;
}

/** Where the local router shows the status page; no release file can live there (releases are under /, /r/<version>/). */
export const statusPagePath = '/_tagdeploy/status';

/** What a host prints once the server listens. */
export function renderServingLine(product: string, env: string, url: string): string {
  return `Serving ${product} ${env} at ${url} (Ctrl+C to stop); the status page of every product: ${url.replace(/\/$/, '')}${statusPagePath}\n`;
}

export interface ReleaseServer {
  url: string;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export async function serveRelease(options: ServeReleaseOptions): Promise<ReleaseServer> {
  const { host = '127.0.0.1', port = 0 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badPort(options, port);
  const server = createServer((request, response) => {
    void handle(options, request).then((reply) => send(request, response, reply));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(cannotListen(options, host, port, error as NodeJS.ErrnoException)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function badPort(options: Pick<ServeReleaseOptions, 'product' | 'env'>, port: unknown): TagdeployError {
  const { product, env } = options;
  return new TagdeployError('USAGE', `--port=${String(port)} is not a port number: use 0-65535 (0: any free port), e.g. ${command('serve', product, { env, port: '4300' })}.`);
}

/** Why the server cannot listen, in one line that names the address and what to pass instead. */
export function cannotListen(options: Pick<ServeReleaseOptions, 'product' | 'env'>, host: string, port: number, error: NodeJS.ErrnoException): TagdeployError {
  const { product, env } = options;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const otherPort = command('serve', product, { env, port: '0' });
  const reasons: Record<string, string> = {
    EADDRINUSE: `${where} is already in use. Stop what listens there, or pick another port: ${otherPort} (0: any free port).`,
    EACCES: `port ${port} on ${host} needs privileges this user does not have. Pick a port above 1023: ${command('serve', product, { env, port: '4300' })}.`,
    EADDRNOTAVAIL: `${host} is not an address of this machine. Listen on one of its own: ${command('serve', product, { env, host: '127.0.0.1' })}.`,
    ENOTFOUND: `${host} is not an address this machine can resolve. Listen on one of its own: ${command('serve', product, { env, host: '127.0.0.1' })}.`,
  };
  const reason = reasons[error.code ?? ''] ?? `listening on ${where} failed (${error.code ?? error.message}). Pick another port or address: ${otherPort}.`;
  return new TagdeployError('PORT_UNAVAILABLE', `Cannot serve ${product} ${env}: ${reason}`);
}

async function handle(options: ServeReleaseOptions, request: IncomingMessage): Promise<Reply> {
  const { store, product, env } = options;
  const envHeader = { 'X-Tagdeploy-Env': env };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return text(405, `${request.method} is not supported: this server only reads releases.`, { ...envHeader, Allow: 'GET, HEAD' });
  }
  try {
    if (options.statusPage && (request.url ?? '/').split('?')[0].replace(/\/$/, '') === statusPagePath) {
      return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...envHeader }, body: Buffer.from(await options.statusPage()) };
    }
    const route = resolveReleaseRoute(request.url ?? '/');
    if (route.kind === 'bad') return text(400, `Bad path ${request.url}: ${route.reason}.`, envHeader);
    const version = route.version ?? (await readPointerVersion(store, product, env));
    if (version === null) {
      return text(404, renderMessage(`${env} has no release deployed yet: ${command('deploy', product, { env })}`, options.spelling), envHeader);
    }
    const prefix = `${product}/releases/${version}/`;
    if (route.version !== null && !(await store.head(`${prefix}release.json`))) {
      return text(404, `${product} has no sealed release ${version}.`, envHeader);
    }
    for (const file of route.files) {
      const got = await store.get(prefix + file);
      if (got) return fileReply(got.body, got.head, file, request, { ...envHeader, 'X-Tagdeploy-Version': version });
    }
    return text(404, `${route.files[0]} is not a file of ${product} ${version}.`, { ...envHeader, 'X-Tagdeploy-Version': version });
  } catch (error) {
    // The store is the only thing that can fail here: say which, and keep serving.
    const unavailable = isTagdeployError(error) && error.code === 'STORE_UNAVAILABLE';
    return text(unavailable ? 503 : 500, isTagdeployError(error) ? renderMessage(error.message, options.spelling) : `Internal error: ${(error as Error).message}`, envHeader);
  }
}

function fileReply(body: Buffer, head: ObjectHead, file: string, request: IncomingMessage, extra: Record<string, string>): Reply {
  const etag = `"${head.etag}"`;
  const headers = {
    'Content-Type': head.contentType,
    'Cache-Control': head.cacheControl ?? cachePolicyFor(file),
    ETag: etag,
    ...extra,
  };
  const revalidated = (request.headers['if-none-match'] ?? '').split(',').some((tag) => tag.trim() === etag);
  return revalidated ? { status: 304, headers, body: Buffer.alloc(0) } : { status: 200, headers, body };
}

function text(status: number, message: string, extra: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
    body: Buffer.from(`${redactSecrets(message)}\n`),
  };
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const length = reply.status === 304 ? {} : { 'Content-Length': String(reply.body.length) };
  response.writeHead(reply.status, { ...reply.headers, ...length });
  response.end(request.method === 'HEAD' ? undefined : reply.body);
}
