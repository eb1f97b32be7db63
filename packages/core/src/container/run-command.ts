// Runs a tool with an argument array (never a shell string), forwarding its output line by line
// and keeping the tail for error messages.
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  /** The last lines of stdout and stderr together. */
  tail: string;
}

export interface RunCommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onLine?: (line: string) => void;
}

const TAIL_LINES = 30;

/** Rejects with the spawn error (code ENOENT when the tool is not installed). */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const collect = (stream: NodeJS.ReadableStream) => {
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        const parts = (pending + chunk.toString('utf8')).split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) keep(line);
      });
      stream.on('end', () => pending && keep(pending));
    };
    const keep = (line: string) => {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      options.onLine?.(line);
    };
    collect(child.stdout);
    collect(child.stderr);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, tail: lines.join('\n') }));
  });
}
