// Finds the workspace root above a folder and says which host drives it (Nx, Turborepo, or plain
// npm / pnpm / yarn workspaces) and which package manager it uses.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TagdeployError } from '@tagdeploy/core';
import { readJsonFile } from './read-json-file';

export type WorkspaceKind = 'nx' | 'turbo' | 'npm' | 'pnpm' | 'yarn';
export type PackageManager = 'npm' | 'pnpm' | 'yarn';

export interface DetectedWorkspace {
  /** Absolute path of the workspace root. */
  root: string;
  kind: WorkspaceKind;
  packageManager: PackageManager;
}

interface RootManifest {
  workspaces?: unknown;
  packageManager?: unknown;
}

/** The nearest folder at or above cwd that is a workspace root; within one folder nx.json wins over turbo.json over the package manager's files. */
export function detectWorkspace(cwd: string): DetectedWorkspace {
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    const detected = detectAt(folder);
    if (detected) return detected;
    if (dirname(folder) === folder) break;
  }
  throw new TagdeployError(
    'NO_WORKSPACE',
    `No workspace found from ${resolve(cwd)} or any folder above it: tagdeploy looks for nx.json, turbo.json, pnpm-workspace.yaml or a package.json with "workspaces". Run tagdeploy inside your monorepo.`,
  );
}

function detectAt(folder: string): DetectedWorkspace | undefined {
  const kind = readKind(folder);
  if (!kind) return undefined;
  return { root: folder, kind, packageManager: kind === 'pnpm' || kind === 'npm' || kind === 'yarn' ? kind : readPackageManager(folder) };
}

function readKind(folder: string): WorkspaceKind | undefined {
  if (existsSync(join(folder, 'nx.json'))) return 'nx';
  if (isRootTurboJson(folder)) return 'turbo';
  if (existsSync(join(folder, 'pnpm-workspace.yaml'))) return 'pnpm';
  const manifest = readManifest(folder);
  if (manifest?.workspaces === undefined) return undefined;
  return readPackageManager(folder) === 'yarn' ? 'yarn' : 'npm';
}

/** A package's own turbo.json ("extends": ["//"]) is not the root's. */
function isRootTurboJson(folder: string): boolean {
  const file = join(folder, 'turbo.json');
  if (!existsSync(file)) return false;
  const config = readJsonFile(file, file, { comments: true });
  return !(typeof config === 'object' && config !== null && 'extends' in config);
}

/** The packageManager field decides; else the lockfile; else npm. */
function readPackageManager(folder: string): PackageManager {
  const declared = /^(npm|pnpm|yarn)@/.exec(String(readManifest(folder)?.packageManager ?? ''))?.[1];
  if (declared === 'npm' || declared === 'pnpm' || declared === 'yarn') return declared;
  if (existsSync(join(folder, 'pnpm-lock.yaml')) || existsSync(join(folder, 'pnpm-workspace.yaml'))) return 'pnpm';
  if (existsSync(join(folder, 'yarn.lock'))) return 'yarn';
  return 'npm';
}

function readManifest(folder: string): RootManifest | undefined {
  const file = join(folder, 'package.json');
  const manifest = readJsonFile(file, file);
  return typeof manifest === 'object' && manifest !== null ? (manifest as RootManifest) : undefined;
}
