// The one place where errors become output: a TagdeployError is one line on stderr and a failed
// task; anything else is a bug and keeps its stack.
import { isTagdeployError } from '@tagdeploy/core';

export async function runAtBoundary(work: () => Promise<void>): Promise<{ success: boolean }> {
  try {
    await work();
    return { success: true };
  } catch (error) {
    if (isTagdeployError(error)) process.stderr.write(`\ntagdeploy error [${error.code}]: ${error.message}\n\n`);
    else process.stderr.write(`\ntagdeploy crashed (a bug, please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return { success: false };
  }
}
