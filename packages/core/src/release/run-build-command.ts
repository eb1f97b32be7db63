// Runs a host's build command for one release (nx run, turbo run, a package manager's script)
// with the release in TAGDEPLOY_VERSION / TAGDEPLOY_TAG / TAGDEPLOY_COMMIT. Its output goes to
// stderr, so that stdout carries only tagdeploy's result, with colour codes only when stderr is a
// terminal; a failure names the command as the user would type it.
import { spawn } from 'node:child_process';
import { TagdeployError } from '../errors/tagdeploy-error';
import { buildColorEnv } from './build-color-env';
import type { ProductBuilder } from './ports';

export type BuildRequest = Parameters<ProductBuilder['build']>[0];

export interface BuildCommand {
  /** The program to start (an absolute path, or a name on PATH). */
  program: string;
  args: string[];
  /** The command as a user would type it, for messages. */
  shown: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function runBuildCommand(request: BuildRequest, command: BuildCommand): Promise<void> {
  const release = { TAGDEPLOY_VERSION: request.version, TAGDEPLOY_TAG: request.tag, TAGDEPLOY_COMMIT: request.commit };
  const env = { ...buildColorEnv(command.env, process.stderr.isTTY === true), ...release };
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command.program, command.args, { cwd: command.cwd, env, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', (error) =>
      reject(new TagdeployError('BUILD_FAILED', `Cannot start the build of ${request.product} (${command.shown}): ${error.message}; nothing was tagged or published. Check that the tool is installed, then run the release again.`)),
    );
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new TagdeployError(
      'BUILD_FAILED',
      `Building ${request.product} (${command.shown}) failed with exit code ${code}; nothing was tagged or published. Fix the build (its output is above) and run the release again.`,
    );
  }
}
