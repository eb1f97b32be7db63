// Builds the S3 client of an s3:// store from its config and the SDK's own environment.
// Credentials: only the SDK's default chain. Endpoint: config, then AWS_ENDPOINT_URL_S3, then
// AWS_ENDPOINT_URL (the SDK reads these too; we read them so that we know the endpoint is a
// custom one). A custom endpoint gets path-style addressing and checksums only when required:
// some S3-compatible servers store the aws-chunked checksum trailer as part of the object.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { TagdeployError } from '../errors/tagdeploy-error';
import { S3RetryStrategy } from './s3-retry';

export interface S3StoreConfig {
  url: string;
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  /** Objects written at once by a publish; default 16. */
  concurrency?: number;
}

export interface S3ClientSettings {
  client: S3Client;
  /** The custom endpoint, undefined for AWS. */
  endpoint: string | undefined;
  region: () => Promise<string>;
}

export const defaultRegion = 'us-east-1';

export interface S3ClientTuning {
  maxAttempts: number;
  maxSockets: number;
  /** Idle time on an open socket after which the request fails with TimeoutError (and is retried). */
  socketTimeoutMs: number;
}

export function createS3Client(config: S3StoreConfig, env: NodeJS.ProcessEnv, { maxAttempts, maxSockets, socketTimeoutMs }: S3ClientTuning): S3ClientSettings {
  // The SDK warns on stderr, once per process, that *future* SDK releases will need Node 22; our
  // pinned release supports Node 20, and the warning would land in every release's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = resolveEndpoint(config, env);
  const region = config.region ? async () => config.region as string : regionFromSdk();
  const client = new S3Client({
    region,
    ...(endpoint ? { endpoint, forcePathStyle: config.forcePathStyle ?? true } : config.forcePathStyle !== undefined ? { forcePathStyle: config.forcePathStyle } : {}),
    ...(endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    maxAttempts,
    retryStrategy: new S3RetryStrategy({ maxAttempts }) as unknown as S3ClientConfig['retryStrategy'],
    requestHandler: {
      connectionTimeout: 5_000,
      socketTimeout: socketTimeoutMs,
      httpAgent: { keepAlive: true, maxSockets },
      httpsAgent: { keepAlive: true, maxSockets },
    },
  } satisfies S3ClientConfig);
  return { client, endpoint, region };
}

function resolveEndpoint(config: S3StoreConfig, env: NodeJS.ProcessEnv): string | undefined {
  const ignoreEnv = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true';
  const [value, source] = config.endpoint
    ? [config.endpoint, '"endpoint" in the store config']
    : ignoreEnv
      ? [undefined, '']
      : env.AWS_ENDPOINT_URL_S3
        ? [env.AWS_ENDPOINT_URL_S3, 'AWS_ENDPOINT_URL_S3']
        : [env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'];
  if (!value) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    throw new TagdeployError('INVALID_CONFIG', `The S3 endpoint "${value}" from ${source} is not an http(s) URL. Use e.g. "http://127.0.0.1:9000" or "https://s3.example.com".`);
  }
  return value.replace(/\/+$/, '');
}

/** The region the SDK finds (AWS_REGION, the profile), or us-east-1 when none is configured. */
function regionFromSdk(): () => Promise<string> {
  let found: Promise<string> | undefined;
  return () => {
    found ??= Promise.resolve().then(() => new S3Client({}).config.region()).then((region) => region || defaultRegion, () => defaultRegion);
    return found;
  };
}
