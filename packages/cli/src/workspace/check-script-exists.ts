// Refuses a build before it starts when the package or its script does not exist: package
// managers and turbo run nothing, and exit 0, for a script that a package does not have.
import { TagdeployError, type Workspace } from '@tagdeploy/core';
import type { BuildRequest } from '@tagdeploy/core';

export function checkScriptExists(workspace: Workspace, request: BuildRequest): void {
  const project = workspace.projects[request.product];
  if (!project) {
    const names = Object.keys(workspace.projects).sort();
    throw new TagdeployError('NOT_A_PRODUCT', `${request.product} is not a package of the workspace at ${workspace.root}; nothing was tagged or published. Its packages: ${names.join(', ') || 'none'}.`);
  }
  if (!project.targets.includes(request.target)) {
    throw new TagdeployError(
      'BUILD_TARGET_MISSING',
      `${request.product} has no "${request.target}" script in ${project.root || '.'}/package.json; nothing was tagged or published. Its scripts: ${project.targets.join(', ') || 'none'}. Add the script or point buildTarget at one of them.`,
    );
  }
}
