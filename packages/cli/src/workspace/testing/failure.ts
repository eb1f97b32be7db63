// The TagdeployError a promise (or a function) fails with; anything else fails the test.
import { isTagdeployError, type TagdeployError } from '@tagdeploy/core';

export async function failure(run: Promise<unknown> | (() => unknown)): Promise<TagdeployError> {
  const error = await (typeof run === 'function' ? Promise.resolve().then(run) : run).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}
