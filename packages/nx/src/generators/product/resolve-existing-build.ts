// For --project: which target builds the existing project and where its files land, read from
// its project configuration. When the output folder cannot be told, a person at a terminal is
// asked; anywhere else the run stops and says which option to pass.
import { createInterface } from 'node:readline/promises';
import { normalizePath, type ProjectConfiguration, type TargetConfiguration } from '@nx/devkit';
import { workspacePathProblem } from '@tagdeploy/core';
import { refuse } from '../shared/generator-error';

export interface ExistingBuild {
  buildTarget: string;
  outputPath: string;
}

export type AskOutputPath = (question: string) => Promise<string | undefined>;

export async function resolveExistingBuild(
  name: string,
  project: ProjectConfiguration,
  given: { buildTarget?: string; outputPath?: string },
  projectFile: string,
  ask: AskOutputPath = askInTerminal,
): Promise<ExistingBuild> {
  const buildTarget = given.buildTarget ?? 'build';
  const target = project.targets?.[buildTarget];
  if (!target && !(given.buildTarget && given.outputPath)) {
    const targets = Object.keys(project.targets ?? {});
    refuse(
      'BUILD_TARGET_MISSING',
      `Project "${name}" has no "${buildTarget}" target (not in ${projectFile}, its package.json scripts or the targets plugins infer; ${targets.length ? `its targets: ${targets.join(', ')}` : 'it has no targets'}). Pass --buildTarget=<the target that builds it>; if a plugin infers that target, pass --outputPath=<folder> as well.`,
    );
  }
  if (given.outputPath) return { buildTarget, outputPath: insideWorkspace(given.outputPath, '--outputPath') };
  const outputPath = target && readOutputPath(target, project.root);
  if (outputPath) return { buildTarget, outputPath: insideWorkspace(outputPath, `The output of "nx run ${name}:${buildTarget}"`) };
  const question = `Where does "nx run ${name}:${buildTarget}" write its files (a folder relative to the workspace root, e.g. dist/${project.root})? `;
  const answer = (await ask(question))?.trim();
  if (answer) return { buildTarget, outputPath: insideWorkspace(answer, 'The answer') };
  return refuse(
    'BUILD_OUTPUT_MISSING',
    `Cannot tell where the "${buildTarget}" target of "${name}" writes its files (the target declares no outputs or options.outputPath; see ${projectFile}). Pass --outputPath=<folder, relative to the workspace root>.`,
  );
}

/** The first output of the target that resolves to a plain folder, else options.outputPath. */
function readOutputPath(target: TargetConfiguration, projectRoot: string): string | undefined {
  const optionPath = typeof target.options?.outputPath === 'string' ? (target.options.outputPath as string) : undefined;
  for (const output of target.outputs ?? []) {
    const resolved = output
      .replace(/^\{workspaceRoot\}\/?/, '')
      .replace('{projectRoot}', projectRoot)
      .replace('{options.outputPath}', optionPath ?? '{options.outputPath}');
    if (!/[{}*!]/.test(resolved) && resolved !== '') return resolved;
  }
  return optionPath;
}

const cleanPath = (path: string): string => normalizePath(path).replace(/^\.\//, '').replace(/\/+$/, '');

/** The output folder, refused unless it lies inside the workspace (it is what gets published). */
function insideWorkspace(path: string, source: string): string {
  const problem = workspacePathProblem(path);
  if (problem) refuse('INVALID_CONFIG', `${source} ${problem}. Nothing was written: pass --outputPath=<the folder the build writes, inside the workspace>.`);
  return cleanPath(path);
}

async function askInTerminal(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI === 'true') return undefined;
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}
