// The test S3 server of tools/s3 (s3rver behind the conditional-write, fault-injecting proxy),
// loaded at run time: core's tsconfig has rootDir src, so a static import of tools/ would break
// `npm run typecheck`. The types below are the part of tools/s3/start-s3.ts that tests use.
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface FaultOptions {
  errorRate?: number;
  resetRate?: number;
  latencyMs?: number;
  seed?: number;
}

export interface S3TestServer {
  /** The proxy: enforces If-None-Match / If-Match like AWS S3. */
  endpoint: string;
  /** s3rver itself. */
  directEndpoint: string;
  region: 'us-east-1';
  credentials: { accessKeyId: string; secretAccessKey: string };
  createBucket(name: string): Promise<void>;
  setFaults(faults: FaultOptions): void;
  stats(): { requests: number; forwarded: number; injectedErrors: number; resets: number; preconditionFailed: number; noSuchKey: number; accessDenied: number };
  stop(): Promise<void>;
}

export async function startS3(options: { faults?: FaultOptions; accessKeyId?: string } = {}): Promise<S3TestServer> {
  const modulePath = join(__dirname, '../../../../../tools/s3/start-s3');
  const tools = (await import(modulePath)) as { startS3: typeof startS3 };
  return tools.startS3(options);
}

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
