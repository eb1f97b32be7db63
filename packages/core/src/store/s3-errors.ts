// Turns what the AWS SDK throws into one-line TagdeployErrors that name the bucket, the endpoint
// and the fix. Never prints credentials: only where they came from.
import { TagdeployError } from '../errors/tagdeploy-error';
import { networkCodeOf } from './s3-retry';
import { settingsFile } from '../commands/spelling';

interface SdkError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export interface S3ErrorContext {
  /** The store, e.g. "s3://releases/tagdeploy". */
  url: string;
  bucket: string;
  /** The custom endpoint, or "AWS S3 (us-east-1)". */
  where: string;
  /** What we were doing, e.g. "write s3://releases/tagdeploy/checkout/releases/0.1.0/index.html". */
  doing: string;
}

const sdk = (error: unknown): SdkError => (error && typeof error === 'object' ? (error as SdkError) : {});
export const statusOf = (error: unknown): number | undefined => sdk(error).$metadata?.httpStatusCode;
export const attemptsOf = (error: unknown): number => sdk(error).$metadata?.attempts ?? 1;
const codeOf = (error: unknown): string => sdk(error).Code ?? sdk(error).name ?? 'Error';

export const isPreconditionFailed = (error: unknown): boolean => statusOf(error) === 412 || codeOf(error) === 'PreconditionFailed';
export const isNotFound = (error: unknown): boolean => statusOf(error) === 404 || ['NotFound', 'NoSuchKey'].includes(codeOf(error));

const accessDeniedCodes = ['AccessDenied', 'Forbidden', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'AllAccessDisabled'];

export function toS3StoreError(error: unknown, context: S3ErrorContext, env: NodeJS.ProcessEnv = process.env): TagdeployError {
  const { bucket, where, doing } = context;
  const network = networkCodeOf(error);
  const code = codeOf(error);
  const status = statusOf(error);
  if (network === 'ECONNREFUSED') {
    return unavailable(`Cannot ${doing}: the S3 endpoint ${where} refuses connections. Start the server, or fix "endpoint" in the store config (or AWS_ENDPOINT_URL_S3).`);
  }
  if (network && status === undefined) {
    return unavailable(`Cannot ${doing}: the S3 endpoint ${where} is unreachable (${network}, after ${attemptsOf(error)} attempts). Check the network and the endpoint, then rerun.`);
  }
  if (code === 'CredentialsProviderError') {
    return unavailable(`Cannot ${doing}: no AWS credentials found (${oneLine(sdk(error).message)}). Set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run "aws sso login".`);
  }
  if (code === 'NoSuchBucket' || (status === 404 && doing.startsWith('check bucket'))) {
    return unavailable(`Bucket "${bucket}" does not exist at ${where}. Create it or fix store in ${settingsFile}.`);
  }
  if (status === 403 || accessDeniedCodes.includes(code)) {
    return unavailable(`Access denied to bucket "${bucket}" at ${where} (${code}) while trying to ${doing}. Check the credentials from ${credentialSource(env)}: they must allow reading and writing ${context.url}/*.`);
  }
  if (status === 301 || code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') {
    return unavailable(`Bucket "${bucket}" is not in the region the client uses (${code}). Set "region" in the store config, or AWS_REGION, to the bucket's region.`);
  }
  if (code === 'TimeoutError' || (status !== undefined && status >= 500) || code === 'SlowDown') {
    return unavailable(`Cannot ${doing}: ${where} kept failing (${code}${status ? `, HTTP ${status}` : ''}) after ${attemptsOf(error)} attempts. Rerun later: what was written stays and is not uploaded again.`);
  }
  const detail = oneLine(sdk(error).message);
  return unavailable(`Cannot ${doing}: S3 at ${where} answered ${code}${status ? ` (HTTP ${status})` : ''}${detail && detail !== code ? `: ${detail}` : ''}. Check the bucket's settings and the credentials from ${credentialSource(env)}.`);
}

/** Where the SDK's default chain most likely took credentials from; never the values. */
export function credentialSource(env: NodeJS.ProcessEnv): string {
  if (env.AWS_ACCESS_KEY_ID) return 'the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)';
  if (env.AWS_PROFILE) return `the AWS profile "${env.AWS_PROFILE}" (AWS_PROFILE, in ~/.aws/credentials or ~/.aws/config)`;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return 'the web identity role (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE)';
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return 'the container role (AWS_CONTAINER_CREDENTIALS_*)';
  return 'the default AWS credential chain (~/.aws/credentials, ~/.aws/config, SSO or the instance role)';
}

function unavailable(message: string): TagdeployError {
  return new TagdeployError('STORE_UNAVAILABLE', message);
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
