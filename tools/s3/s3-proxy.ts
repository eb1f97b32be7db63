// HTTP proxy in front of s3rver for tests. s3rver ignores If-None-Match and If-Match on writes
// entirely, so this proxy enforces them the way AWS S3 does: PutObject, CopyObject and
// CompleteMultipartUpload with `If-None-Match: *` get 412 PreconditionFailed when the key exists;
// `If-Match: <etag>` gets 404 NoSuchKey when the key is missing and 412 when the ETag differs
// (DeleteObject honours If-Match too). Writes to one key are serialised, so two racing
// conditional writes cannot both win. It can also restrict access to one access key id and
// inject faults (5xx, connection resets, latency), changeable while a test runs.
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultOptions } from './fault-injector';
import { KeyedMutex } from './keyed-mutex';
import { etagMatches, parseS3Request, readAccessKeyId, replaceAccessKeyId, replaceAccessKeyIdInUrl, type S3Request } from './s3-request';

export type { FaultOptions } from './fault-injector';

export interface S3ProxyOptions {
  /** s3rver's base URL, e.g. http://127.0.0.1:4568 */
  upstream: string;
  /** When set, requests signed with any other access key id get 403 AccessDenied. */
  accessKeyId?: string;
  /** The key id s3rver knows (its built-in account); accepted requests are re-labelled with it. */
  upstreamAccessKeyId?: string;
  faults?: FaultOptions;
}

export interface ProxyStats {
  requests: number;
  forwarded: number;
  injectedErrors: number;
  resets: number;
  /** 412 PreconditionFailed answered by the proxy. */
  preconditionFailed: number;
  /** 404 NoSuchKey answered by the proxy for If-Match on a missing key. */
  noSuchKey: number;
  accessDenied: number;
}

export interface S3Proxy {
  endpoint: string;
  setFaults(faults: FaultOptions): void;
  stats(): ProxyStats;
  close(): Promise<void>;
}

interface S3ErrorReply {
  status: number;
  code: string;
  message: string;
  extra?: Record<string, string>;
}

type Headers = http.IncomingHttpHeaders;

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer', 'expect'];

export async function startS3Proxy(options: S3ProxyOptions): Promise<S3Proxy> {
  const upstream = new URL(options.upstream);
  const upstreamAccessKeyId = options.upstreamAccessKeyId ?? 'S3RVER';
  const agent = new http.Agent({ keepAlive: true });
  const faults = new FaultInjector(options.faults);
  const locks = new KeyedMutex();
  const counts: ProxyStats = { requests: 0, forwarded: 0, injectedErrors: 0, resets: 0, preconditionFailed: 0, noSuchKey: 0, accessDenied: 0 };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    counts.requests++;
    const method = req.method ?? 'GET';
    let url = req.url ?? '/';
    const headers: Headers = { ...req.headers };
    const request = parseS3Request(method, url, headers);

    if (options.accessKeyId !== undefined) {
      const presented = readAccessKeyId(url, headers.authorization);
      if (presented !== options.accessKeyId) {
        counts.accessDenied++;
        return refuse(req, res, request, { status: 403, code: 'AccessDenied', message: 'Access Denied' });
      }
      if (headers.authorization !== undefined) headers.authorization = replaceAccessKeyId(headers.authorization, presented, upstreamAccessKeyId);
      else url = replaceAccessKeyIdInUrl(url, presented, upstreamAccessKeyId);
    }

    if (!request.bucketAdmin) {
      if (faults.latencyMs > 0) await delay(faults.latencyMs);
      const fault = faults.next();
      if (fault.kind === 'reset') {
        counts.resets++;
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'error') {
        counts.injectedErrors++;
        const reply = fault.status === 503
          ? { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }
          : { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
        return refuse(req, res, request, reply);
      }
    }

    if (request.write !== undefined && request.bucket !== undefined && request.key !== undefined) {
      // Every write to the key takes the lock, so nothing lands between a condition's check and its write.
      const release = await locks.acquire(`${request.bucket}/${request.key}`);
      res.on('close', release);
      const refusal = await checkPreconditions(request, headers).catch((error: unknown) => {
        release();
        throw error;
      });
      if (refusal !== undefined) {
        if (refusal.status === 412) counts.preconditionFailed++;
        if (refusal.code === 'NoSuchKey') counts.noSuchKey++;
        return refuse(req, res, request, refusal);
      }
    }
    forward(req, res, method, url, headers);
  }

  async function checkPreconditions(request: S3Request, headers: Headers): Promise<S3ErrorReply | undefined> {
    const ifNoneMatch = single(headers['if-none-match']);
    const ifMatch = single(headers['if-match']);
    const honoursIfNoneMatch = request.write !== 'delete';
    if ((ifNoneMatch === undefined || !honoursIfNoneMatch) && ifMatch === undefined) return undefined;
    if (honoursIfNoneMatch && ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
      return { status: 501, code: 'NotImplemented', message: 'A header you provided implies functionality that is not implemented', extra: { Header: 'If-None-Match' } };
    }
    const current = await headObject(request.rawPath);
    if (honoursIfNoneMatch && ifNoneMatch !== undefined && current.exists) return preconditionFailed('If-None-Match');
    if (ifMatch !== undefined) {
      if (!current.exists) {
        // A missing bucket is s3rver's to report (NoSuchBucket), as AWS would.
        if (!(await headObject(`/${encodeURIComponent(request.bucket ?? '')}`)).exists) return undefined;
        return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', extra: { Key: request.key ?? '' } };
      }
      if (!etagMatches(ifMatch, current.etag ?? '')) return preconditionFailed('If-Match');
    }
    return undefined;
  }

  /** HEAD of an object (or of a bucket, for a path without key), with no conditions of its own. */
  function headObject(rawPath: string): Promise<{ exists: boolean; etag?: string }> {
    return new Promise((resolve, reject) => {
      const head = http.request({ host: upstream.hostname, port: upstream.port, method: 'HEAD', path: rawPath, agent }, (reply) => {
        reply.resume();
        if (reply.statusCode === 200) resolve({ exists: true, etag: single(reply.headers.etag) });
        else if (reply.statusCode === 404) resolve({ exists: false });
        else reject(new Error(`s3rver answered HEAD ${rawPath} with ${reply.statusCode}`));
      });
      head.on('error', reject);
      head.end();
    });
  }

  function forward(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: string, headers: Headers): void {
    if (method === 'PUT') return forwardWhole(req, res, method, url, headers);
    send(req, res, method, url, headers, (upstreamRequest) => req.pipe(upstreamRequest));
  }

  /**
   * A PUT is forwarded only once its whole body has arrived: S3 stores an object all or nothing,
   * but s3rver keeps what it got of a body whose sender died (a killed publish), an object of
   * other bytes without its metadata.
   */
  function forwardWhole(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: string, headers: Headers): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A sender that died: nothing is forwarded, as S3 stores nothing of it.
    req.on('error', () => undefined);
    req.on('end', () => send(req, res, method, url, headers, (upstreamRequest) => upstreamRequest.end(Buffer.concat(chunks))));
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: string, headers: Headers, writeBody: (upstream: http.ClientRequest) => void): void {
    counts.forwarded++;
    const outgoing = withoutHopByHop({ ...headers, host: upstream.host });
    const upstreamRequest = http.request({ host: upstream.hostname, port: upstream.port, method, path: url, headers: outgoing, agent });
    upstreamRequest.on('response', (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.statusMessage, withoutHopByHop(reply.headers));
      reply.pipe(res);
    });
    upstreamRequest.on('error', (error) => {
      if (res.headersSent) res.destroy(error);
      else sendError(res, req, { status: 500, code: 'InternalError', message: `The test proxy could not reach s3rver: ${error.message}` });
    });
    // A PUT whose whole body arrived is stored even when its sender dies now, as on S3: cutting
    // s3rver off mid-write would leave it a half-written object.
    res.on('close', () => {
      if (!res.writableFinished && method !== 'PUT') upstreamRequest.destroy();
    });
    writeBody(upstreamRequest);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendError(res, req, { status: 500, code: 'InternalError', message: `The test proxy failed: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setFaults: (next) => faults.set(next),
    stats: () => ({ ...counts }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      agent.destroy();
    },
  };
}

function preconditionFailed(condition: string): S3ErrorReply {
  return { status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold', extra: { Condition: condition } };
}

/** Answers without forwarding; the unread request body is drained so the connection stays usable. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, request: S3Request, reply: S3ErrorReply): void {
  req.resume();
  sendError(res, req, reply, request);
}

function sendError(res: http.ServerResponse, req: http.IncomingMessage, reply: S3ErrorReply, request?: S3Request): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const resource = request?.rawPath ?? new URL(req.url ?? '/', 'http://proxy.invalid').pathname;
  const fields = { Code: reply.code, Message: reply.message, ...reply.extra, Resource: resource, RequestId: requestId };
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    Object.entries(fields).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('') +
    '</Error>';
  res.writeHead(reply.status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  res.end(body);
}

function withoutHopByHop(headers: Headers): Headers {
  const copy: Headers = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
