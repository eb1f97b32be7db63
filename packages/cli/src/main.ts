// The tagdeploy CLI entry: parse argv, run one command, print its result; errors become one line
// on stderr in the CLI's spelling and exit code 1. Nothing below here exits the process. What
// leaves is redacted: a URL with credentials in the settings is never printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { checkOutputFile, redactSecrets, renderError, renderMessage, writeOutputFile, type CommandSpelling } from '@tagdeploy/core';
import { createCliHost, fallbackSpelling, type CliHost } from './cli-host';
import { buildProgram } from './program';

export async function main(argv: string[], cwd: string = process.cwd()): Promise<number> {
  let spelling: CommandSpelling = fallbackSpelling;
  let host: Promise<CliHost> | undefined;
  const program = buildProgram(
    {
      host: (need = 'packages') =>
        (host ??= createCliHost(cwd, need).then((made) => {
          spelling = made.spelling;
          return made;
        })),
      checkOutputFile: (path) => checkOutputFile(path, '--output-file', cwd),
      print: ({ result, text }, options) => {
        const json = redactSecrets(`${JSON.stringify(result, null, 2)}\n`);
        process.stdout.write(options.json ? json : redactSecrets(`${renderMessage(text, spelling)}\n`));
        if (options.outputFile) writeOutputFile(options.outputFile, '--output-file', json, cwd);
      },
      untilStopped: () => new Promise((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      }),
      stdout: (text) => process.stdout.write(redactSecrets(text)),
    },
    cliVersion(),
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    // commander has already printed its own usage errors (with the nearest valid command or flag).
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`\n${renderError(error, spelling)}\n\n`);
    return 1;
  }
}

function cliVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}
