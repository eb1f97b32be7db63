// The CLI's view of the workspace it runs in: detect the host, read its graph, build its products.
export { detectWorkspace, type DetectedWorkspace, type WorkspaceKind, type PackageManager } from './detect-workspace';
export { readHostWorkspace, configFile, type HostWorkspace } from './read-host-workspace';
export { readTurboWorkspace } from './read-turbo-workspace';
export { readPackageWorkspace } from './read-package-workspace';
export { readNxWorkspace, readNxPluginOptions } from './read-nx-workspace';
export { TurboProductBuilder } from './turbo-product-builder';
export { PackageManagerProductBuilder } from './package-manager-product-builder';
export { NxProductBuilder } from './nx-product-builder';
