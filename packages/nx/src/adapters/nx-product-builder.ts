// Builds a product through the workspace's own nx, in a child process, with the release version in
// its environment and the cache skipped: a build cached for another version is never published.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TagdeployError, type ProductBuilder } from '@tagdeploy/core';

export class NxProductBuilder implements ProductBuilder {
  constructor(private readonly workspaceRoot: string) {}

  async build(request: { product: string; target: string; version: string; tag: string; commit: string }): Promise<void> {
    const args = [resolveNxBin(this.workspaceRoot), 'run', `${request.product}:${request.target}`, '--skip-nx-cache', '--outputStyle=static'];
    const env = { ...withoutParentTaskEnv(process.env), TAGDEPLOY_VERSION: request.version, TAGDEPLOY_TAG: request.tag, TAGDEPLOY_COMMIT: request.commit };
    const code = await new Promise<number | null>((resolve, reject) => {
      // The build's own output goes to stderr: stdout carries only tagdeploy's result.
      const child = spawn(process.execPath, args, { cwd: this.workspaceRoot, env, stdio: ['ignore', process.stderr, process.stderr] });
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      throw new TagdeployError(
        'BUILD_FAILED',
        `Building ${request.product} (nx run ${request.product}:${request.target}) failed with exit code ${code}; nothing was tagged or published. Fix the build (its output is above) and run the release again.`,
      );
    }
  }
}

function resolveNxBin(workspaceRoot: string): string {
  const manifest = require.resolve('nx/package.json', { paths: [workspaceRoot] });
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { nx: string } }).bin.nx;
  return join(dirname(manifest), bin);
}

/** The nested nx must not think it is the task that is running it. */
function withoutParentTaskEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^NX_(TASK_|TERMINAL_|STREAM_OUTPUT|PREFIX_OUTPUT|CLI_SET|LOAD_DOT_ENV|WORKSPACE_ROOT)/.test(key)));
}
