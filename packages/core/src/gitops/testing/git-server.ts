// The test git server of tools/gitops (git daemon on 127.0.0.1), loaded at run time: core's
// tsconfig has rootDir src, so a static import of tools/ would break `npm run typecheck`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

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

/** Call inside a describe (or at the top of a file): one git daemon over a temp folder for its tests. */
export function useGitServer(): { readonly baseDir: string; readonly server: GitServer } {
  const state = {} as { baseDir: string; server: GitServer };
  beforeAll(async () => {
    state.baseDir = mkdtempSync(join(tmpdir(), 'tagdeploy-git-daemon-'));
    state.server = await serveGit(state.baseDir);
  });
  afterAll(async () => {
    await state.server?.stop();
    if (state.baseDir) rmSync(state.baseDir, { recursive: true, force: true });
  });
  return state;
}
