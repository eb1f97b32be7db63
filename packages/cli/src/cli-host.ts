// The CLI host of the command layer: the workspace found from the current folder (Turborepo,
// npm / pnpm / yarn workspaces, or Nx), its settings file, its builder, and the CLI's spelling.
import { readFileAt, stderrReporter, systemClock, terminalConfirm, type CommandSpelling, type Host } from '@tagdeploy/core';
import { cliSpelling } from './cli-spelling';
import { detectWorkspace, type DetectedWorkspace } from './workspace/detect-workspace';
import { parseJsonText } from './workspace/read-json-file';
import { configFile, readHostWorkspace, readSettings, type WorkspaceNeed } from './workspace/read-host-workspace';

export interface CliHost extends Host {
  /** Which kind of workspace was found. */
  kind: string;
}

export async function createCliHost(cwd: string, need: WorkspaceNeed = 'graph'): Promise<CliHost> {
  const detected = detectWorkspace(cwd);
  const { workspace, builder, rawSettings, settingsFile } = await readHostWorkspace(detected, need);
  const spelling = cliSpelling(settingsFile);
  return {
    kind: detected.kind,
    workspace,
    settings: rawSettings,
    settingsAt: (ref) => committedSettings(detected, ref),
    builder,
    spelling,
    reporter: (product) => stderrReporter(product, spelling),
    confirm: terminalConfirm,
    environment: process.env,
    clock: systemClock,
  };
}

/** The settings as committed at `ref`, found by the same rule as the working tree's. */
async function committedSettings(detected: DetectedWorkspace, ref: string): Promise<unknown> {
  const read = async (file: typeof configFile | 'nx.json') => {
    const text = await readFileAt(detected.root, ref, file);
    return [file, text === undefined ? undefined : parseJsonText(text, `${file} as committed at ${ref}`, { comments: file === 'nx.json' })] as const;
  };
  const parsed = new Map(await Promise.all([read(configFile), read('nx.json')]));
  return readSettings(detected, (file) => parsed.get(file)).rawSettings;
}

/** The spelling to render an error with before the workspace (and its settings file) is known. */
export const fallbackSpelling: CommandSpelling = cliSpelling('tagdeploy.config.json');
