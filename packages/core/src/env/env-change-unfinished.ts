// ENV_CHANGE_UNFINISHED: the env DID change. The pointer switch is the commit point of a change;
// when a step after it fails (the history entry, the router), the error says what is live now and
// names the one command that finishes the change, never "nothing changed".
import { command } from '../commands/spelling';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { EnvPointer } from './env-state';

export class EnvChangeUnfinished extends TagdeployError {
  constructor(
    /** The pointer the change wrote: what the env runs now. */
    readonly pointer: EnvPointer,
    /** The steps after the switch that failed, each "<what> (<why>)". */
    readonly problems: readonly string[],
  ) {
    super('ENV_CHANGE_UNFINISHED', unfinishedMessage(pointer, problems));
  }

  /** The same change with one more step that failed. */
  and(problem: string): EnvChangeUnfinished {
    return new EnvChangeUnfinished(this.pointer, [...this.problems, problem]);
  }
}

function unfinishedMessage(pointer: EnvPointer, problems: readonly string[]): string {
  const { product, env, version } = pointer;
  const finish = command('deploy', product, { env, release: version });
  return (
    `${env} of ${product} changed: it now runs ${version} (was ${pointer.previousVersion ?? 'nothing'}; ${pointer.action} #${pointer.seq} by ${pointer.deployedBy}), ` +
    `but ${problems.join(', and ')}. Fix that, then run "${finish}": it finds ${version} live and finishes the change, without changing anything else.`
  );
}

/** One failed step: what did not happen and the error's own words. */
export const failedStep = (what: string, error: unknown): string => `${what} (${((error as Error)?.message ?? String(error)).replace(/\.$/, '')})`;
