// Runs the npm CLI with an argument array (never a shell string). npm reads the user's npm
// configuration (.npmrc: registry, scoped registries, auth tokens) itself: tagdeploy never reads
// or passes a credential, and everything npm prints passes through redactSecrets before it is shown.
import { execFile } from 'node:child_process';
import { redactSecrets } from '../report/redact-secrets';

export interface NpmRun {
  code: number;
  stdout: string;
  stderr: string;
  /** npm's error code ("E404", "E401", "ENEEDAUTH", "ECONNREFUSED", ...), when it failed with one. */
  errorCode: string | null;
  /** npm's own error summary, redacted, for messages. */
  summary: string;
}

export interface RunNpmOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function runNpm(args: readonly string[], options: RunNpmOptions): Promise<NpmRun> {
  return new Promise((resolve, reject) => {
    execFile(
      npmCommand,
      [...args],
      { cwd: options.cwd, env: { ...(options.env ?? process.env), NPM_CONFIG_UPDATE_NOTIFIER: 'false' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code === 'string') return reject(error); // npm itself could not start (ENOENT)
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, errorCode: code === 0 ? null : readErrorCode(stdout, stderr), summary: code === 0 ? '' : readSummary(stdout, stderr) });
      },
    );
  });
}

function readErrorCode(stdout: string, stderr: string): string | null {
  const fromJson = /"code":\s*"([A-Z0-9_]+)"/.exec(stdout)?.[1];
  return fromJson ?? /npm (?:error|ERR!) code (\S+)/.exec(stderr)?.[1] ?? null;
}

function readSummary(stdout: string, stderr: string): string {
  const json = /"summary":\s*"((?:[^"\\]|\\.)*)"/.exec(stdout)?.[1];
  const lines = stderr
    .split('\n')
    .filter((line) => /^npm (?:error|ERR!)/.test(line) && !/A complete log of this run|code \S+$|^npm (?:error|ERR!)\s*$/.test(line))
    .map((line) => line.replace(/^npm (?:error|ERR!)\s*/, ''));
  const text = json ? JSON.parse(`"${json}"`) : lines.slice(0, 3).join(' ');
  return redactSecrets(String(text).replace(/\s+/g, ' ').trim()) || 'npm failed without a message';
}
