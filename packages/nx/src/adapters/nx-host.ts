// The Nx host of the command layer: the project graph as the workspace model, the plugin
// options in nx.json as the settings, builds through nx, and Nx's spelling of commands.
import type { ExecutorContext, NxJsonConfiguration } from '@nx/devkit';
// Not from @nx/devkit: its index loads a third of a second of Nx that an executor does not use.
import { parseJson } from 'nx/src/utils/json';
import { readFileAt, stderrReporter, systemClock, TagdeployError, terminalConfirm, type Host } from '@tagdeploy/core';
import { NxProductBuilder } from './nx-product-builder';
import { nxSpelling } from './nx-spelling';
import { readRawPluginOptions } from './read-plugin-options';
import { readWorkspace } from './read-workspace';

export function createNxHost(context: ExecutorContext): Host {
  const settings = readRawPluginOptions(context.nxJsonConfiguration);
  const spelling = nxSpellingOf(context);
  return {
    workspace: readWorkspace(context.projectGraph, context.root),
    settings,
    settingsAt: (ref) => committedPluginOptions(context.root, ref),
    builder: new NxProductBuilder(context.root),
    spelling,
    reporter: (product) => stderrReporter(product, spelling),
    confirm: terminalConfirm,
    environment: process.env,
    clock: systemClock,
  };
}

export function nxSpellingOf(context: Pick<ExecutorContext, 'nxJsonConfiguration'>) {
  const settings = readRawPluginOptions(context.nxJsonConfiguration) as { targetNames?: unknown } | undefined;
  return nxSpelling(settings?.targetNames);
}

/** The plugin options in nx.json as committed at `ref`. */
async function committedPluginOptions(root: string, ref: string): Promise<unknown> {
  const text = await readFileAt(root, ref, 'nx.json');
  if (text === undefined) return undefined;
  try {
    return readRawPluginOptions(parseJson<NxJsonConfiguration>(text));
  } catch (error) {
    throw new TagdeployError('INVALID_CONFIG', `nx.json as committed at ${ref} is not valid JSON (${(error as Error).message}), so its approval settings cannot be checked. Commit a valid nx.json, then run the command again.`);
  }
}
