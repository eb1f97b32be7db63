// For the e2e-s3 project: one real S3 server (s3rver behind our conditional-write proxy) for the
// whole run. Each test makes its own bucket.
import type { TestProject } from 'vitest/node';
import { startS3 } from '../../tools/s3/start-s3';
import { s3Env } from '../../tools/s3/s3-env';

declare module 'vitest' {
  export interface ProvidedContext {
    s3: { endpoint: string; env: Record<string, string> } | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startS3();
  project.provide('s3', { endpoint: server.endpoint, env: s3Env(server) });
  return () => server.stop();
}
