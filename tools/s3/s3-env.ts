// Environment for a child process (our nx executor) that must reach a test S3 server.
import type { S3TestServer } from './start-s3';

export function s3Env(server: Pick<S3TestServer, 'endpoint' | 'region' | 'credentials'>): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_REGION: server.region,
    AWS_ENDPOINT_URL_S3: server.endpoint,
    // s3rver stores aws-chunked checksum framing as object bytes; only send checksums when required.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    // Keep the SDK's credential chain off the network (instance metadata lives at 169.254.169.254).
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
