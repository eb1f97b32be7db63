// Every command that prints JSON with --json can also write it to --output-file, as its Nx target can.
import { describe, expect, it } from 'vitest';
import { buildProgram, type ProgramIo } from './program';

const unused = () => {
  throw new Error('not called: the test only reads the flags');
};
const io: ProgramIo = { host: unused, checkOutputFile: unused, print: unused, untilStopped: unused, stdout: unused };
const commands = buildProgram(io, '0.0.0').commands;
const flagsOf = (name: string) => (commands.find((command) => command.name() === name)?.options ?? []).map((option) => option.long);
const withJson = commands.filter((command) => flagsOf(command.name()).includes('--json')).map((command) => command.name());

describe('CLI output options', () => {
  it('covers the commands that print results', () => {
    expect(withJson).toEqual(expect.arrayContaining(['release', 'deploy', 'promote', 'rollback', 'status']));
  });

  it.each(withJson)('%s takes --output-file beside --json', (name) => {
    expect(flagsOf(name)).toContain('--output-file');
  });
});
