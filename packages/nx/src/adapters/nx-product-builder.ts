// Builds a product through the workspace's own nx, in a child process, with the release version in
// its environment and the cache skipped: a build cached for another version is never published.
// A rebuild builds in a temporary checkout, with no daemon (one would outlive the checkout).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runBuildCommand, type BuildRequest, type ProductBuilder } from '@tagdeploy/core';

export class NxProductBuilder implements ProductBuilder {
  constructor(private readonly workspaceRoot: string) {}

  build(request: BuildRequest): Promise<void> {
    const args = ['run', `${request.product}:${request.target}`, '--skip-nx-cache', '--outputStyle=static'];
    return runBuildCommand(request, {
      program: process.execPath,
      args: [resolveNxBin(this.workspaceRoot), ...args],
      shown: `nx ${args.slice(0, 2).join(' ')}`,
      cwd: request.checkout ?? this.workspaceRoot,
      env: { ...withoutParentTaskEnv(process.env), ...(request.checkout ? { NX_DAEMON: 'false' } : {}) },
    });
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
