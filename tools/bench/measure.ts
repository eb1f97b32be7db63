// Timing helpers shared by the benchmarks: run one command (argument array, no shell) and time
// it from spawn to exit, and take medians.
import { spawn } from 'node:child_process';

export interface TimedRun {
  ms: number;
  stdout: string;
}

/** Runs `command args` in `cwd`; a non-zero exit is an error that carries the command's output. */
export function runTimed(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolve({ ms, stdout });
      const output = `${stdout}\n${Buffer.concat(err).toString('utf8')}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}:\n${output}`));
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
