// Builds a product of a plain npm / pnpm / yarn workspace by running its script through the
// workspace's package manager, after the same script of each workspace package it depends on
// (see resolve-build-order.ts). Scripts have no cache, so every build is made for its version.
import { runBuildCommand, TagdeployError, type BuildRequest, type ProductBuilder, type Workspace } from '@tagdeploy/core';
import type { PackageManager } from './detect-workspace';
import { checkScriptExists } from './check-script-exists';
import { resolveWorkspaceBin } from './resolve-workspace-bin';
import { resolveBuildOrder } from './resolve-build-order';
import { formatCommand } from './run-tool';

/** How each package manager runs one package's script (yarn: 1.x and later). */
const scriptArgs: Record<PackageManager, (pkg: string, script: string) => string[]> = {
  npm: (pkg, script) => ['run', script, '-w', pkg],
  pnpm: (pkg, script) => ['--filter', pkg, 'run', script],
  yarn: (pkg, script) => ['workspace', pkg, 'run', script],
};

export class PackageManagerProductBuilder implements ProductBuilder {
  constructor(
    private readonly workspace: Workspace,
    private readonly packageManager: PackageManager,
  ) {}

  async build(request: BuildRequest): Promise<void> {
    checkScriptExists(this.workspace, request);
    const manager = this.packageManager;
    const bin = resolveWorkspaceBin(this.workspace.root, manager);
    for (const pkg of resolveBuildOrder(this.workspace, request.product, request.target)) {
      const args = scriptArgs[manager](pkg, request.target);
      const shown = formatCommand(manager, args);
      if (!bin) {
        throw new TagdeployError('BUILD_FAILED', `Cannot build ${request.product}: ${manager} is not installed (not in node_modules/.bin, not on PATH), so "${shown}" cannot run; nothing was tagged or published. Install ${manager} and run the release again.`);
      }
      await runBuildCommand({ ...request, product: pkg }, { program: bin, args, shown, cwd: request.checkout ?? this.workspace.root, env: process.env });
    }
  }
}
