// The package graph of a plain npm / pnpm / yarn workspace, through @manypkg/get-packages: an
// edge for every dependency field that names another package of the workspace.
import { relative, resolve } from 'node:path';
import { TagdeployError, type Workspace } from '@tagdeploy/core';
import type { PackageManager } from './detect-workspace';

const dependencyFields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

interface PackageJson {
  name: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The part of @manypkg/get-packages that we use. */
interface Manypkg {
  getPackages(dir: string): Promise<{ rootDir: string; tool: { type: string }; packages: { dir: string; packageJson: PackageJson }[] }>;
}

/** What manypkg needs to see a folder as this package manager's workspace root. */
const rootMarker: Record<PackageManager, string> = {
  npm: 'package.json with "workspaces" and a package-lock.json (run "npm install" once)',
  pnpm: 'pnpm-workspace.yaml',
  yarn: 'package.json with "workspaces" and a yarn.lock (run "yarn install" once)',
};

export async function readPackageWorkspace(root: string, packageManager: PackageManager): Promise<Workspace> {
  const found = await listPackages(root);
  if (found.tool.type === 'root' || resolve(found.rootDir) !== resolve(root)) {
    throw new TagdeployError(
      'WORKSPACE_UNREADABLE',
      `Could not list the ${packageManager} workspace packages of ${root}: @manypkg/get-packages needs a ${rootMarker[packageManager]}. Add it and run tagdeploy again.`,
    );
  }
  const names = new Set(found.packages.map((item) => item.packageJson.name));
  const projects: Workspace['projects'] = {};
  for (const item of found.packages) {
    const name = item.packageJson.name;
    const projectRoot = relative(found.rootDir, item.dir).split(/[\\/]/).join('/');
    const dependencies = new Set(dependencyFields.flatMap((field) => Object.entries(item.packageJson[field] ?? {}).map(([key, range]) => dependencyName(key, range))));
    projects[name] = {
      name,
      root: projectRoot,
      dependencies: [...dependencies].filter((dependency) => names.has(dependency) && dependency !== name),
      targets: Object.keys(item.packageJson.scripts ?? {}),
    };
  }
  return { root, projects };
}

/** The package a dependency entry points at: its key, or the target of a "workspace:other@^1" alias. */
function dependencyName(key: string, range: string): string {
  return /^workspace:((?:@[^/@]+\/)?[^/@]+)@/.exec(range)?.[1] ?? key;
}

async function listPackages(root: string): ReturnType<Manypkg['getPackages']> {
  // @manypkg/get-packages is ESM and declares its types only under "exports", which this
  // CommonJS package's module resolution cannot see: a computed specifier keeps tsc out of it,
  // and Node (>= 20.19) can require an ES module.
  const specifier = '@manypkg/get-packages';
  const manypkg: Manypkg = await import(specifier);
  try {
    return await manypkg.getPackages(root);
  } catch (error) {
    const missingNames = (error as { directories?: string[] }).directories;
    if (missingNames) {
      throw new TagdeployError('INVALID_CONFIG', `These packages of ${root} have no "name" in their package.json: ${missingNames.join(', ')}. Give each a name and run tagdeploy again.`);
    }
    throw new TagdeployError('WORKSPACE_UNREADABLE', `Could not list the workspace packages of ${root}: ${(error as Error).message}. Fix that and run tagdeploy again.`);
  }
}
