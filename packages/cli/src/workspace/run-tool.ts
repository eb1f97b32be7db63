// Runs one host tool (turbo, nx, a package manager) with an argument array. Its output is either
// captured (graph readers) or sent to our stderr (builds): never to our stdout.
import { spawn } from 'node:child_process';

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** 'capture': keep stdout and stderr for the caller; 'stderr': stream both to our stderr. */
  output: 'capture' | 'stderr';
}

/** Rejects only when the command cannot be started (ENOENT, EACCES). */
export function runTool(command: string, args: string[], options: ToolOptions): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const stdio = options.output === 'capture' ? (['ignore', 'pipe', 'pipe'] as const) : (['ignore', process.stderr, process.stderr] as const);
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: [...stdio] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** The command as a user would type it, for messages. */
export function formatCommand(name: string, args: string[]): string {
  return [name, ...args].map((arg) => (/^[\w@%+=:,./^*-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}
