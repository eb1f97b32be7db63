// Builds a product of an Nx workspace through its own nx, with the release version in the
// environment and the Nx cache skipped: a build cached for another version is never published.
import { TagdeployError, type ProductBuilder } from '@tagdeploy/core';
import { nxEnv, resolveNxBin } from './resolve-nx-bin';
import { formatCommand, runTool } from './run-tool';
import { releaseEnv, type BuildRequest } from './release-env';

export class NxProductBuilder implements ProductBuilder {
  constructor(private readonly root: string) {}

  async build(request: BuildRequest): Promise<void> {
    const args = ['run', `${request.product}:${request.target}`, '--skip-nx-cache', '--outputStyle=static'];
    const env = { ...nxEnv(process.env), ...releaseEnv(request) };
    const run = await runTool(process.execPath, [resolveNxBin(this.root), ...args], { cwd: this.root, env, output: 'stderr' });
    if (run.code !== 0) {
      throw new TagdeployError(
        'BUILD_FAILED',
        `Building ${request.product} (${formatCommand('nx', args)}) failed with exit code ${run.code}; nothing was tagged or published. Fix the build (its output is above) and run the release again.`,
      );
    }
  }
}
