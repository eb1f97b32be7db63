// The CLI host of the command layer: the workspace found from the current folder (Turborepo,
// npm / pnpm / yarn workspaces, or Nx), its settings file, its builder, and the CLI's spelling.
import { stderrReporter, systemClock, terminalConfirm, type CommandSpelling, type Host } from '@tagdeploy/core';
import { cliSpelling } from './cli-spelling';
import { detectWorkspace } from './workspace/detect-workspace';
import { readHostWorkspace } from './workspace/read-host-workspace';

export interface CliHost extends Host {
  /** Which kind of workspace was found. */
  kind: string;
}

export async function createCliHost(cwd: string): Promise<CliHost> {
  const detected = detectWorkspace(cwd);
  const { workspace, builder, rawSettings, settingsFile } = await readHostWorkspace(detected);
  const spelling = cliSpelling(settingsFile);
  return {
    kind: detected.kind,
    workspace,
    settings: rawSettings,
    builder,
    spelling,
    reporter: (product) => stderrReporter(product, spelling),
    confirm: terminalConfirm,
    environment: process.env,
    clock: systemClock,
  };
}

/** The spelling to render an error with before the workspace (and its settings file) is known. */
export const fallbackSpelling: CommandSpelling = cliSpelling('tagdeploy.config.json');
