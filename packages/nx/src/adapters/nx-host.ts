// The Nx host of the command layer: the project graph as the workspace model, the plugin
// options in nx.json as the settings, builds through nx, and Nx's spelling of commands.
import type { ExecutorContext } from '@nx/devkit';
import { stderrReporter, systemClock, terminalConfirm, type Host } from '@tagdeploy/core';
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
