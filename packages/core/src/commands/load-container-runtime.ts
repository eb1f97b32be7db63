// The runtime of a container product (base image, port, health path) from its tagdeploy.json and
// its Dockerfile (the "dockerfile" setting, else <product root>/Dockerfile), read once per command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProductConfig } from '../config/config-schema';
import { resolveContainerRuntime, type ContainerRuntime } from '../container/resolve-container-runtime';
import type { Workspace } from '../workspace/workspace';

export function loadContainerRuntime(workspace: Workspace, product: string, config: Extract<ProductConfig, { kind: 'container' }>): ContainerRuntime {
  const root = workspace.projects[product]?.root ?? '';
  const inRoot = (file: string) => (root ? `${root}/${file}` : file);
  const path = config.dockerfile ?? inRoot('Dockerfile');
  let text: string | null = null;
  try {
    text = readFileSync(join(workspace.root, path), 'utf8');
  } catch {
    text = null;
  }
  return resolveContainerRuntime({ product, config, configPath: inRoot('tagdeploy.json'), dockerfile: text === null ? null : { path, text } });
}
