// The test git server of tools/gitops (git daemon on 127.0.0.1), loaded at run time: core's
// tsconfig has rootDir src, so a static import of tools/ would break `npm run typecheck`.
import { join } from 'node:path';

export interface GitServer {
  baseUrl: string;
  port: number;
  url(name: string): string;
  stop(): Promise<void>;
}

export async function serveGit(baseDir: string): Promise<GitServer> {
  const tools = (await import(join(__dirname, '../../../../../tools/gitops/serve-git'))) as { serveGit: typeof serveGit };
  return tools.serveGit(baseDir);
}
