// The test S3 server of tools/s3 (s3rver behind the conditional-write, fault-injecting proxy),
// loaded at run time: core's tsconfig has rootDir src, so a static import of tools/ would break
// `npm run typecheck`. The types below are the part of tools/s3/start-s3.ts that tests use.
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
