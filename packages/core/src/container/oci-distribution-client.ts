// A small client of the OCI distribution API (/v2/): manifests and blobs by HEAD/GET/PUT, blob
// uploads (POST, then PUT with the digest), basic auth and bearer tokens when the registry asks.
// Plain http only for loopback hosts or when `insecure` is set.
import { Readable } from 'node:stream';
import { containerError } from './container-error';
import { MANIFEST_ACCEPT, sha256Digest, type StoredManifest } from './oci-types';
import { parseWwwAuthenticate } from './parse-www-authenticate';
import { readDockerCredentials, type CredentialLookup } from './read-docker-credentials';
import { settingsFile } from '../commands/spelling';

export interface DistributionClientOptions {
  /** host[:port], e.g. "127.0.0.1:5000" or "ghcr.io". */
  host: string;
  /** Use http even for a host that is not loopback. */
  insecure?: boolean;
  /** Default: read from the docker config for `host`. */
  credentials?: () => Promise<CredentialLookup>;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer | (() => Readable);
  /** Token scope, e.g. "repository:team/app:pull,push". */
  scope?: string;
  /** What we were doing, for error messages. */
  action: string;
  timeoutMs?: number;
}

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[::1\])(:\d+)?$/;

export class OciDistributionClient {
  readonly baseUrl: string;
  private credentials?: Promise<CredentialLookup>;
  private basic?: string;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: DistributionClientOptions) {
    const scheme = options.insecure || LOOPBACK.test(options.host) ? 'http' : 'https';
    this.baseUrl = `${scheme}://${options.host}`;
  }

  /** GET /v2/: throws REGISTRY_UNAVAILABLE or REGISTRY_AUTH. */
  async ping(): Promise<void> {
    const response = await this.request('GET', '/v2/', { action: 'check the registry' });
    if (!response.ok) throw await this.unexpected(response, 'check the registry');
  }

  async headManifest(repository: string, reference: string, scope = pullScope(repository)): Promise<{ digest: string; mediaType: string; size: number } | undefined> {
    const action = `look up ${repository}:${reference}`;
    const response = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, { headers: { accept: MANIFEST_ACCEPT.join(', ') }, scope, action });
    if (response.status === 404) return undefined;
    if (!response.ok) throw await this.unexpected(response, action);
    const digest = response.headers.get('docker-content-digest');
    if (!digest) {
      // A registry that does not say the digest on HEAD: read the bytes instead.
      return this.getManifest(repository, reference, scope).then((m) => m && { digest: m.digest, mediaType: m.mediaType, size: m.bytes.length });
    }
    return { digest, mediaType: response.headers.get('content-type') ?? '', size: Number(response.headers.get('content-length') ?? 0) };
  }

  async getManifest(repository: string, reference: string, scope = pullScope(repository)): Promise<StoredManifest | undefined> {
    const action = `read the manifest ${repository}:${reference}`;
    const response = await this.request('GET', `/v2/${repository}/manifests/${reference}`, { headers: { accept: MANIFEST_ACCEPT.join(', ') }, scope, action });
    if (response.status === 404) return undefined;
    if (!response.ok) throw await this.unexpected(response, action);
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = sha256Digest(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw containerError('REGISTRY_ERROR', `${this.options.host} answered ${repository}@${reference} with bytes of digest ${digest}.`);
    }
    return { digest, bytes, mediaType: response.headers.get('content-type') ?? '' };
  }

  /** PUT a manifest at a tag or digest; returns the digest the registry reports. */
  async putManifest(repository: string, reference: string, manifest: StoredManifest): Promise<string> {
    const action = `push the manifest ${repository}:${reference}`;
    const response = await this.request('PUT', `/v2/${repository}/manifests/${reference}`, {
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
      scope: pushScope(repository),
      action,
    });
    if (response.status !== 201 && !response.ok) throw await this.unexpected(response, action);
    return response.headers.get('docker-content-digest') ?? sha256Digest(manifest.bytes);
  }

  async hasBlob(repository: string, digest: string, scope = pullScope(repository)): Promise<boolean> {
    const action = `look up blob ${digest} in ${repository}`;
    const response = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, { scope, action });
    if (response.status === 404) return false;
    if (!response.ok) throw await this.unexpected(response, action);
    return true;
  }

  async getBlob(repository: string, digest: string): Promise<Readable | undefined> {
    const action = `read blob ${digest} of ${repository}`;
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, { scope: pullScope(repository), action, timeoutMs: 600_000 });
    if (response.status === 404) return undefined;
    if (!response.ok || !response.body) throw await this.unexpected(response, action);
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }

  /** Monolithic upload: POST /blobs/uploads/, then PUT <location>?digest=… with the bytes. */
  async uploadBlob(repository: string, digest: string, size: number, open: () => Readable): Promise<void> {
    const action = `push blob ${digest} to ${repository}`;
    const started = await this.request('POST', `/v2/${repository}/blobs/uploads/`, { scope: pushScope(repository), action, headers: { 'content-length': '0' } });
    const location = started.headers.get('location');
    if (started.status !== 202 || !location) throw await this.unexpected(started, action);
    const url = new URL(location, this.baseUrl);
    url.searchParams.set('digest', digest);
    const response = await this.request('PUT', url.pathname + url.search, {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body: open,
      scope: pushScope(repository),
      action,
      timeoutMs: 600_000,
    });
    if (response.status !== 201 && !response.ok) throw await this.unexpected(response, action);
  }

  private async request(method: string, path: string, options: RequestOptions): Promise<Response> {
    let response = await this.send(method, path, options, this.authorization(options.scope));
    if (response.status !== 401) return this.refuseForbidden(response, options.action);
    const challenge = parseWwwAuthenticate(response.headers.get('www-authenticate'));
    await response.body?.cancel();
    const lookup = await this.lookupCredentials();
    if (challenge?.scheme === 'bearer') {
      const scope = challenge.params.scope ?? options.scope;
      const token = await this.fetchToken(challenge.params, scope, lookup, options.action);
      this.tokens.set(scope ?? '', token);
      response = await this.send(method, path, options, `Bearer ${token}`);
    } else if (challenge?.scheme === 'basic' && lookup.credentials) {
      this.basic = `Basic ${Buffer.from(`${lookup.credentials.username}:${lookup.credentials.password}`).toString('base64')}`;
      response = await this.send(method, path, options, this.basic);
    }
    if (response.status === 401) throw this.authRefused(response.status, options.action, lookup);
    return this.refuseForbidden(response, options.action);
  }

  private async refuseForbidden(response: Response, action: string): Promise<Response> {
    if (response.status !== 403) return response;
    throw this.authRefused(403, action, await this.lookupCredentials());
  }

  private authorization(scope: string | undefined): string | undefined {
    const token = this.tokens.get(scope ?? '') ?? [...this.tokens.values()][0];
    return token ? `Bearer ${token}` : this.basic;
  }

  private async send(method: string, path: string, options: RequestOptions, authorization: string | undefined): Promise<Response> {
    const body = typeof options.body === 'function' ? Readable.toWeb(options.body()) : options.body;
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...options.headers, ...(authorization ? { authorization } : {}) },
        body: body as RequestInit['body'],
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 30_000),
        ...(typeof options.body === 'function' ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      throw this.unavailable(error, options.action);
    }
  }

  private async fetchToken(params: Record<string, string>, scope: string | undefined, lookup: CredentialLookup, action: string): Promise<string> {
    if (!params.realm) throw containerError('REGISTRY_ERROR', `${this.options.host} asked for a bearer token without a realm while trying to ${action}.`);
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    if (scope) url.searchParams.set('scope', scope);
    const headers: Record<string, string> = lookup.credentials
      ? { authorization: `Basic ${Buffer.from(`${lookup.credentials.username}:${lookup.credentials.password}`).toString('base64')}` }
      : {};
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (error) {
      throw this.unavailable(error, `get a token from ${url.host} to ${action}`);
    }
    if (response.status === 401 || response.status === 403) throw this.authRefused(response.status, action, lookup);
    if (!response.ok) throw await this.unexpected(response, `get a token from ${url.host} to ${action}`);
    const json = (await response.json()) as { token?: string; access_token?: string };
    const token = json.token ?? json.access_token;
    if (!token) throw containerError('REGISTRY_ERROR', `The token service ${url.host} answered without a token.`);
    return token;
  }

  private lookupCredentials(): Promise<CredentialLookup> {
    this.credentials ??= (this.options.credentials ?? (() => readDockerCredentials(this.options.host, this.options.env)))();
    return this.credentials;
  }

  private authRefused(status: number, action: string, lookup: CredentialLookup): Error {
    const had = lookup.credentials ? `the credentials for ${this.options.host} from ${lookup.source} were refused` : `no credentials for ${this.options.host} were found in ${lookup.source}`;
    return containerError(
      'REGISTRY_AUTH',
      `The registry ${this.options.host} refused to let us ${action} (HTTP ${status}): ${had}. Run "docker login ${this.options.host}" (or point DOCKER_CONFIG at a config with access) and try again.`,
    );
  }

  private unavailable(error: unknown, action: string): Error {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
    return containerError(
      'REGISTRY_UNAVAILABLE',
      `The registry ${this.options.host} is unreachable (${reason} at ${this.baseUrl}) while trying to ${action}. Check that it is running and that the "registry" option in ${settingsFile} names it.`,
    );
  }

  private async unexpected(response: Response, action: string): Promise<Error> {
    const detail = (await response.text().catch(() => '')).trim().slice(0, 300);
    return containerError('REGISTRY_ERROR', `The registry ${this.options.host} answered HTTP ${response.status} when we tried to ${action}${detail ? `: ${detail}` : ''}.`);
  }
}

export const pullScope = (repository: string): string => `repository:${repository}:pull`;
export const pushScope = (repository: string): string => `repository:${repository}:pull,push`;
