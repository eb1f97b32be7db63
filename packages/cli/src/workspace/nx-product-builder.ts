// Builds a product of an Nx workspace through its own nx, with the Nx cache skipped: a build
// cached for another version is never published.
import { runBuildCommand, type BuildRequest, type ProductBuilder } from '@tagdeploy/core';
import { nxEnv, resolveNxBin } from './resolve-nx-bin';
import { formatCommand } from './run-tool';

export class NxProductBuilder implements ProductBuilder {
  constructor(private readonly root: string) {}

  build(request: BuildRequest): Promise<void> {
    const args = ['run', `${request.product}:${request.target}`, '--skip-nx-cache', '--outputStyle=static'];
    return runBuildCommand(request, { program: process.execPath, args: [resolveNxBin(this.root), ...args], shown: formatCommand('nx', args), cwd: request.checkout ?? this.root, env: nxEnv(process.env) });
  }
}
