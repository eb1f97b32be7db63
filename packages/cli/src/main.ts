// The tagdeploy CLI entry: parses argv and runs one command. Filled in by the command layer work.
export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`tagdeploy: the CLI is not implemented yet (${argv.join(' ')})\n`);
  return 1;
}
