// The host: what differs between the front ends that drive the same commands (the Nx plugin,
// the tagdeploy CLI). Commands take a request and a host, and return a result and its text; the
// host prints them and renders errors in its own spelling.
import type { ApprovalConfirmation } from '../env/resolve-approval';
import type { Clock, ProductBuilder, Reporter } from '../release/ports';
import type { Workspace } from '../workspace/workspace';
import type { CommandSpelling } from './spelling';

export type ConfirmPrompt = (summary: string) => Promise<ApprovalConfirmation>;

export interface Host {
  /** The monorepo as this host reads it (projects, roots, dependency edges). */
  workspace: Workspace;
  /** The workspace settings as written by the user (validated by the commands); undefined = defaults. */
  settings: unknown;
  /**
   * The same settings as committed at a git ref (read from the file this host reads them from, at
   * that commit), unvalidated; undefined when nothing is committed there (no repo, no commit, no
   * settings file). Settings that weaken approval count only once committed.
   */
  settingsAt(ref: string): Promise<unknown>;
  builder: ProductBuilder;
  spelling: CommandSpelling;
  /** Progress for one product, on stderr. */
  reporter(product: string): Reporter;
  /** The approval prompt, only when a person can answer it (a terminal is attached). */
  confirm(identity: string): ConfirmPrompt | undefined;
  /** The process environment (TAGDEPLOY_APPROVER, TAGDEPLOY_ACTOR, the AWS chain, ...). */
  environment: NodeJS.ProcessEnv;
  clock: Clock;
}

/** What every command returns: the result for --json, and the text for a person. */
export interface CommandResult<T> {
  result: T;
  text: string;
}
