// Test helpers around the S3 test server of tools/s3 (s3rver behind the conditional-write,
// fault-injecting proxy).
import { createServer } from 'node:net';
import type { S3TestServer } from '../../../../../tools/s3/start-s3';

export { startS3, type FaultOptions, type S3TestServer } from '../../../../../tools/s3/start-s3';

/**
 * Credentials of the test server in this process's environment, where the SDK's default chain
 * reads them, and nothing of the machine (profiles, instance metadata). Returns the undo.
 */
export function useS3Credentials(server: Pick<S3TestServer, 'credentials'>): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  for (const name of ['AWS_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_SESSION_TOKEN']) delete process.env[name];
  return () => {
    process.env = saved;
  };
}

/** A loopback port nobody listens on (taken, then released). */
export async function aClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
