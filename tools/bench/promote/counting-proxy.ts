// A tiny HTTP proxy in front of a registry that counts what clients send: every request (method
// and path) and the body bytes of PUT/PATCH/POST, i.e. what a client uploads. The Host header is
// passed through, so the upload locations the registry hands out point back at the proxy.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountedRequest {
  method: string;
  path: string;
  bodyBytes: number;
  status: number;
}

export interface CountingProxy {
  /** "127.0.0.1:PORT" */
  host: string;
  /** The requests seen since the last reset (completed ones). */
  requests(): CountedRequest[];
  /** Body bytes of PUT/PATCH/POST since the last reset. */
  uploadedBytes(): number;
  reset(): void;
  stop(): Promise<void>;
}

const UPLOADS = new Set(['PUT', 'PATCH', 'POST']);

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const [targetHost, targetPort] = target.split(':');
  let seen: CountedRequest[] = [];
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    let bodyBytes = 0;
    incoming.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    const upstream = request(
      { host: targetHost, port: Number(targetPort), method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
        response.on('end', () => seen.push({ method: incoming.method ?? '?', path: incoming.url ?? '?', bodyBytes, status: response.statusCode ?? 0 }));
      },
    );
    upstream.on('error', (error) => {
      seen.push({ method: incoming.method ?? '?', path: incoming.url ?? '?', bodyBytes, status: 502 });
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(String(error));
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests: () => [...seen],
    uploadedBytes: () => seen.filter((r) => UPLOADS.has(r.method)).reduce((sum, r) => sum + r.bodyBytes, 0),
    reset: () => {
      seen = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
