// The one rendering of a failure, for every host: a TagdeployError is one line that names the
// problem and the fix, in the host's spelling; anything else is a bug and keeps its stack. Either
// way no credential leaves: URLs with userinfo and token-like parameters are redacted.
import { isTagdeployError } from '../errors/tagdeploy-error';
import { redactSecrets } from '../report/redact-secrets';
import { renderMessage, type CommandSpelling } from './spelling';

export function renderError(error: unknown, spelling: CommandSpelling): string {
  if (isTagdeployError(error)) return redactSecrets(`tagdeploy error [${error.code}]: ${renderMessage(error.message, spelling)}`);
  return redactSecrets(`tagdeploy crashed (a bug, please report it): ${(error as Error)?.stack ?? String(error)}`);
}
