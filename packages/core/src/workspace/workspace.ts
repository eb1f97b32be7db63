// The Workspace model: what core needs to know about a monorepo, independent of Nx.

export interface WorkspaceProject {
  name: string;
  /** Folder of the project relative to the workspace root, with forward slashes, no trailing slash. */
  root: string;
  /** Names of projects this one depends on directly. */
  dependencies: string[];
  /** Names of the project's targets (build, test, ...). */
  targets: string[];
}

export interface Workspace {
  /** Absolute path of the workspace root. */
  root: string;
  projects: Record<string, WorkspaceProject>;
}
