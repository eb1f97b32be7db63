import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCommand } from './run-tool';

describe('runTool', () => {
  it("sends a build's stdout and stderr to our stderr, leaving stdout to tagdeploy's result", () => {
    const child = "process.stdout.write('build says hello\\n'); process.stderr.write('build warns\\n');";
    const script = `require('./run-tool').runTool(process.execPath, ['-e', ${JSON.stringify(child)}], { cwd: process.cwd(), env: process.env, output: 'stderr' });`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: __dirname, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('build says hello\nbuild warns\n');
  });
});

describe('formatCommand', () => {
  it('quotes only the arguments a shell would split', () => {
    expect(formatCommand('pnpm', ['--filter', '@acme/shop', 'run', 'build:prod', 'a b'])).toBe('pnpm --filter @acme/shop run build:prod "a b"');
  });
});
