// Everything the CLI needs from the workspace it runs in, chosen by the host: the Workspace
// model, the builder for its products, and the settings the user wrote.
import { join } from 'node:path';
import type { ProductBuilder, Workspace } from '@tagdeploy/core';
import type { DetectedWorkspace } from './detect-workspace';
import { NxProductBuilder } from './nx-product-builder';
import { PackageManagerProductBuilder } from './package-manager-product-builder';
import { readJsonFile } from './read-json-file';
import { nxPluginOptionsOf, readNxWorkspace } from './read-nx-workspace';
import { readPackageWorkspace } from './read-package-workspace';
import { readTurboWorkspace } from './read-turbo-workspace';
import { TurboProductBuilder } from './turbo-product-builder';

export const configFile = 'tagdeploy.config.json';

export interface HostWorkspace {
  workspace: Workspace;
  builder: ProductBuilder;
  /** The workspace settings as written (unvalidated); undefined when the user wrote none. */
  rawSettings: unknown;
  /** Where those settings live (or would live), for messages. */
  settingsFile: 'tagdeploy.config.json' | 'nx.json';
}

/**
 * `graph`: the dependency graph as the host's own tool reads it (a release plans with it);
 * `packages`: only which packages exist and where, the cheapest way (deploy, status, serve, init
 * need a product's folder, not its edges: a Turborepo is then read like its package manager's
 * workspace, without starting turbo).
 */
export type WorkspaceNeed = 'graph' | 'packages';

export async function readHostWorkspace(detected: DetectedWorkspace, need: WorkspaceNeed = 'graph'): Promise<HostWorkspace> {
  // Settings first: a broken config file is reported before the slower graph read.
  const settings = readSettings(detected);
  const workspace = need === 'packages' && detected.kind === 'turbo' ? await readPackageWorkspace(detected.root, detected.packageManager) : await readGraph(detected);
  return { workspace, builder: createBuilder(detected, workspace), ...settings };
}

/** A settings file, parsed (nx.json may hold comments); undefined when it does not exist. */
export type SettingsFileReader = (file: HostWorkspace['settingsFile']) => unknown;

/** The settings and their file: tagdeploy.config.json when it exists, else nx.json's plugin options in an Nx workspace. */
export function readSettings(detected: DetectedWorkspace, read: SettingsFileReader = (file) => readJsonFile(join(detected.root, file), file, { comments: file === 'nx.json' })): Pick<HostWorkspace, 'rawSettings' | 'settingsFile'> {
  const config = read(configFile);
  if (config !== undefined) return { rawSettings: config, settingsFile: configFile };
  if (detected.kind === 'nx') return { rawSettings: nxPluginOptionsOf(read('nx.json')), settingsFile: 'nx.json' };
  return { rawSettings: undefined, settingsFile: configFile };
}

function readGraph(detected: DetectedWorkspace): Promise<Workspace> {
  switch (detected.kind) {
    case 'nx':
      return readNxWorkspace(detected.root);
    case 'turbo':
      return readTurboWorkspace(detected.root, detected.packageManager);
    default:
      return readPackageWorkspace(detected.root, detected.packageManager);
  }
}

function createBuilder(detected: DetectedWorkspace, workspace: Workspace): ProductBuilder {
  switch (detected.kind) {
    case 'nx':
      return new NxProductBuilder(detected.root);
    case 'turbo':
      return new TurboProductBuilder(workspace, detected.packageManager);
    default:
      return new PackageManagerProductBuilder(workspace, detected.packageManager);
  }
}
