// Timing helpers shared by the benchmarks: run one command (argument array, no shell) and time
// it from spawn to exit, and take medians. With `cpu`, also the CPU time (user + system) of the
// command and every process it waited for (Nx's plugin workers, the executor, git), as bash's
// `times` reports it: a figure that another load on a shared machine inflates far less than
// wall time.
import { spawn } from 'node:child_process';

export interface TimedRun {
  ms: number;
  stdout: string;
  /** With `cpu`: user + system milliseconds of the command and its waited-for descendants. */
  cpuMs?: number;
}

// bash runs the command as its child, then prints its children's user and system times last.
const withTimes = ['-c', '"$@"; status=$?; times >&2; exit $status', 'bash'];

/** Runs `command args` in `cwd`; a non-zero exit is an error that carries the command's output. */
export function runTimed(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env, options: { cpu?: boolean } = {}): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const [program, argv] = options.cpu ? ['bash', [...withTimes, command, ...args]] : [command, args];
    const child = spawn(program, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolve({ ms, stdout, ...(options.cpu ? { cpuMs: childrenCpuMs(Buffer.concat(err).toString('utf8')) } : {}) });
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

/** The children's line of bash's `times` (the last line: "0m1.250s 0m0.310s"), as milliseconds. */
function childrenCpuMs(stderr: string): number {
  const line = stderr.trim().split('\n').pop() ?? '';
  const times = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(([, minutes, secs]) => Number(minutes) * 60_000 + Number(secs) * 1000);
  if (times.length !== 2) throw new Error(`bash's times printed no CPU times: ${line}`);
  return times[0] + times[1];
}
