// The OCI test parts of tools/oci (Debian's docker-registry, the busybox base image), loaded at
// run time: core's tsconfig may have rootDir src, where a static import of tools/ breaks
// `npm run typecheck`. The types mirror tools/oci/start-registry.ts and make-base-image.ts.
import { join } from 'node:path';

export interface TestRegistry {
  /** "127.0.0.1:PORT" */
  host: string;
  stop(): Promise<void>;
}

export interface BaseImageLayout {
  layoutDir: string;
  tag: string;
  digest: string;
  /** "oci:<layoutDir>:<tag>" */
  reference: string;
}

const tools = join(__dirname, '../../../../../tools/oci');

export async function startRegistry(options: { auth?: { user: string; password: string } } = {}): Promise<TestRegistry> {
  const module = (await import(join(tools, 'start-registry'))) as { startRegistry: typeof startRegistry };
  return module.startRegistry(options);
}

export async function makeBaseImage(layoutDir: string, tag?: string): Promise<BaseImageLayout> {
  const module = (await import(join(tools, 'make-base-image'))) as { makeBaseImage: typeof makeBaseImage };
  return module.makeBaseImage(layoutDir, tag);
}
