// tagdeploy init [product]: without a product, writes tagdeploy.config.json at the workspace root
// (staging and production, production behind approval); with one, writes that package's
// tagdeploy.json. Never overwrites a file: a second run says what is already there.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildInitSettings,
  checkWorkspacePaths,
  parsePluginOptions,
  parseProductConfig,
  TagdeployError,
  workspacePathProblem,
  type CommandResult,
  type Workspace,
} from '@tagdeploy/core';

export interface InitRequest {
  product?: string;
  kind?: string;
  outputPath?: string;
  image?: string;
  environments?: string;
}

const kinds = ['static', 'container'] as const;

/** The file written, relative to the workspace root. */
export function initWorkspace(request: InitRequest, workspace: Workspace): CommandResult<{ written: string }> {
  return request.product === undefined ? writeSettings(request, workspace.root) : writeProductConfig(request, request.product, workspace);
}

function writeSettings(request: InitRequest, root: string): CommandResult<{ written: string }> {
  const file = 'tagdeploy.config.json';
  refuseExisting(root, file, 'It already holds the workspace settings: edit it, or delete it to start again.');
  const settings = { $schema: './node_modules/@tagdeploy/core/schemas/settings.schema.json', ...buildInitSettings({ environments: request.environments }) };
  parsePluginOptions(settings);
  writeJson(join(root, file), settings);
  const envs = Object.keys(settings.environments ?? {}).join(' → ');
  return { result: { written: file }, text: `Wrote ${file}: store file:.tagdeploy/store, releases from main, environments ${envs}. Next: tagdeploy init <product> --kind static|container.` };
}

function writeProductConfig(request: InitRequest, product: string, workspace: Workspace): CommandResult<{ written: string }> {
  const project = workspace.projects[product];
  if (!project) {
    const names = Object.keys(workspace.projects).sort().join(', ') || '(none)';
    throw new TagdeployError('NOT_A_PRODUCT', `No package named "${product}" in this workspace. Pass one of: ${names}.`);
  }
  const kind = request.kind ?? 'static';
  if (!(kinds as readonly string[]).includes(kind)) {
    throw new TagdeployError('INVALID_CONFIG', `--kind ${kind} is not a kind tagdeploy can scaffold: use ${kinds.join(' or ')}.`);
  }
  const file = project.root ? `${project.root}/tagdeploy.json` : 'tagdeploy.json';
  refuseExisting(workspace.root, file, `${product} is already a product: edit ${file} to change it.`);
  if (!project.targets.includes('build')) {
    throw new TagdeployError('BUILD_TARGET_MISSING', `${product} has no "build" script, and tagdeploy releases what it builds. Add a build script to ${project.root || '.'}/package.json, then run this again.`);
  }
  const outputPath = request.outputPath ?? `${project.root ? `${project.root}/` : ''}dist`;
  const outside = workspacePathProblem(outputPath);
  if (outside) throw new TagdeployError('INVALID_CONFIG', `--output-path ${outside}. Nothing was written.`);
  const config = {
    $schema: `${'../'.repeat(project.root ? project.root.split('/').length : 0)}node_modules/@tagdeploy/core/schemas/tagdeploy.schema.json`,
    kind,
    buildTarget: 'build',
    outputPath,
    ...(kind === 'container' ? { image: request.image ?? product } : {}),
  };
  checkWorkspacePaths(parseProductConfig(config, file), file, workspace.root);
  writeJson(join(workspace.root, file), config);
  return { result: { written: file }, text: `Wrote ${file}: ${product} is a ${kind} product built by its "build" script into ${outputPath}. Next: tagdeploy release ${product} --dry-run.` };
}

function refuseExisting(root: string, file: string, advice: string): void {
  if (existsSync(join(root, file))) throw new TagdeployError('INVALID_CONFIG', `${file} exists; nothing was written. ${advice}`);
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
