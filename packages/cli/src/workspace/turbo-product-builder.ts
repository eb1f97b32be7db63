// Builds a product of a Turborepo through the workspace's own turbo. Turbo hashes only the
// variables a turbo.json declares and, in its default strict mode, hides the others from the
// task: so the build runs with --env-mode=loose (TAGDEPLOY_* reach the script) and --force (a
// cache entry made for another version is never replayed).
import { runBuildCommand, type BuildRequest, type ProductBuilder, type Workspace } from '@tagdeploy/core';
import type { PackageManager } from './detect-workspace';
import { checkScriptExists } from './check-script-exists';
import { resolveTurboBin, turboEnv } from './resolve-turbo-bin';
import { formatCommand } from './run-tool';

export class TurboProductBuilder implements ProductBuilder {
  constructor(
    private readonly workspace: Workspace,
    private readonly packageManager: PackageManager,
  ) {}

  async build(request: BuildRequest): Promise<void> {
    checkScriptExists(this.workspace, request);
    const turbo = resolveTurboBin(this.workspace.root, this.packageManager);
    const args = ['run', request.target, `--filter=${request.product}`, '--force', '--env-mode=loose', '--ui=stream'];
    return runBuildCommand(request, { program: turbo, args, shown: formatCommand('turbo', args), cwd: request.checkout ?? this.workspace.root, env: turboEnv(process.env) });
  }
}
