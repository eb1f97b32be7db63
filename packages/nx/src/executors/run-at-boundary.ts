// The one place where an Nx executor meets the command layer: build the host, run one command,
// print its result (text, or JSON with --json, and to --outputFile when given). Errors become
// one line on stderr in Nx's spelling and a failed task. --outputFile is tried before the command
// runs, and everything printed is redacted (no credential of a URL in the settings leaves).
import type { ExecutorContext } from '@nx/devkit';
import { checkOutputFile, redactSecrets, renderError, renderMessage, writeOutputFile, type CommandResult, type Host } from '@tagdeploy/core';
import { createNxHost, nxSpellingOf } from '../adapters/nx-host';

export interface OutputOptions {
  json?: boolean;
  outputFile?: string;
}

export async function runAtBoundary(
  context: ExecutorContext,
  options: OutputOptions,
  command: (host: Host, product: string) => Promise<CommandResult<unknown> | void>,
): Promise<{ success: boolean }> {
  const spelling = nxSpellingOf(context);
  try {
    if (options.outputFile !== undefined) checkOutputFile(options.outputFile, '--outputFile');
    const done = await command(createNxHost(context), context.projectName as string);
    if (done) print(done, options, (text) => renderMessage(text, spelling));
    return { success: true };
  } catch (error) {
    process.stderr.write(`\n${renderError(error, spelling)}\n\n`);
    return { success: false };
  }
}

function print({ result, text }: CommandResult<unknown>, options: OutputOptions, render: (text: string) => string): void {
  const json = redactSecrets(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(options.json ? json : redactSecrets(`${render(text)}\n`));
  if (options.outputFile) writeOutputFile(options.outputFile, '--outputFile', json);
}
