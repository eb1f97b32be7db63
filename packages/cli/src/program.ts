// The tagdeploy command line: one commander command per user action, each a few lines that map
// flags to a request and call the command layer. Flags mirror the Nx targets' options.
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  abandonRelease,
  verifyReleases,
  pruneReleases,
  changeEnvironment,
  readStatus,
  readWorkspaceStatus,
  releaseProduct,
  releaseWithDependencies,
  serveProduct,
  renderServingLine,
  type CommandResult,
  type DeploymentAction,
  type Host,
} from '@tagdeploy/core';
import type { CliHost } from './cli-host';
import { initWorkspace } from './init-workspace';
import type { WorkspaceNeed } from './workspace/read-host-workspace';

/** What an action needs from main: the host (made on first use) and where results go. */
export interface ProgramIo {
  /** `graph` for a release (it plans with the dependency edges); the rest need only the packages. */
  host(need?: WorkspaceNeed): Promise<CliHost>;
  /** Refuses an --output-file that cannot be written, before the command runs. */
  checkOutputFile(path: string): void;
  print(result: CommandResult<unknown>, options: { json?: boolean; outputFile?: string }): void;
  /** Resolves when the user stops a long-running command (Ctrl+C). */
  untilStopped(): Promise<void>;
  stdout(text: string): void;
}

export function buildProgram(io: ProgramIo, version: string): Command {
  const program = new Command('tagdeploy')
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) })
    .description('Release one product of a monorepo at a time from tags; deploy, promote and roll back frozen releases.')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run "tagdeploy --help" for the commands, "tagdeploy <command> --help" for their flags)')
    .allowExcessArguments(false)
    .hook('preAction', (_program, action) => {
      const { outputFile } = action.opts<{ outputFile?: string }>();
      if (outputFile !== undefined) io.checkOutputFile(outputFile);
    });

  program
    .command('release')
    .description('Plan the next version of <product> from conventional commits, tag it, build it once and publish it as a frozen release.')
    .argument('<product>', 'the product (a package with a tagdeploy.json)')
    .option('--dry-run', 'print the release plan and change nothing')
    .option('--release-as <bump|version>', 'force the bump (major, minor, patch, prerelease) or an exact version (1.2.0)')
    .option('--preid <id>', 'prerelease identifier, e.g. rc: 0.2.0-rc.0')
    .option('--first-release', 'ignore earlier tags: release the version in package.json, or 0.1.0')
    .option('--no-push', 'keep the tag local instead of claiming it on the remote')
    .option('--allow-branch', 'release from a branch other than releaseBranch, or a detached HEAD')
    .option('--with-dependencies', 'an npm product: first release the npm products its package depends on, each with its own tag')
    .addOption(jsonOption())
    .option('--output-file <file>', 'also write the plan or outcome as JSON to this file')
    .option('--html <file>', 'with --dry-run: also draw the plan in this HTML file')
    .action(async (product: string, flags) => {
      const host = await io.host('graph');
      const { dryRun, releaseAs, preid, firstRelease, push, allowBranch, html, withDependencies } = flags;
      const release = withDependencies ? releaseWithDependencies : releaseProduct;
      io.print(await release({ product, dryRun, releaseAs, preid, firstRelease, push, allowBranch, html }, host), flags);
    });

  envCommand(program, io, 'deploy', 'Point an environment at a sealed release (default: the newest).', '--env <env>', '--release <version>');
  envCommand(program, io, 'promote', 'Give an environment exactly the release its promoteFrom environment runs.', '--to <env>', '--release <version>');
  envCommand(program, io, 'rollback', 'Point an environment back at a release it ran before (default: the previous one).', '--env <env>', '--release <version>');

  program
    .command('abandon')
    .description('Give up a claimed release of <product> that can never be sealed: the tag stays, the next release takes the next version and carries its commits.')
    .argument('<product>')
    .requiredOption('--release <version>', 'the claimed, unsealed version to abandon')
    .option('--reason <text>', 'why (recorded with it)')
    .addOption(jsonOption())
    .option('--output-file <file>', 'also write the outcome as JSON to this file')
    .action(async (product: string, flags) => {
      io.print(await abandonRelease({ product, release: flags.release, reason: flags.reason }, await io.host()), flags);
    });

  program
    .command('verify')
    .description('Check releases of <product> against their signed provenance: the one --release names, or every release an environment points at (--env: only that one).')
    .argument('<product>')
    .option('--release <version>', 'the release to verify')
    .option('--env <env>', 'verify only the release this environment points at')
    .option('--rebuild', "also build each release again from its tag in a clean temporary worktree and compare it with release.json (every file's sha256, or the image digest)")
    .addOption(jsonOption())
    .option('--output-file <file>', 'also write the outcome as JSON to this file')
    .action(async (product: string, flags) => {
      io.print(await verifyReleases({ product, release: flags.release, env: flags.env, rebuild: flags.rebuild }, await io.host(flags.rebuild ? 'graph' : undefined)), flags);
    });

  program
    .command('prune')
    .description('Delete old releases of <product> from the store: never one an environment runs, may roll back to or is promoted from, nor any tag. Prints what it keeps and why.')
    .argument('<product>')
    .option('--keep <n>', 'always keep the n newest sealed releases (default: retention.keep, else 10)', (value) => Number(value))
    .option('--older-than <age>', 'delete only releases built longer ago, e.g. 90d or 12h')
    .option('--dry-run', 'show what would be kept and deleted; change nothing')
    .addOption(jsonOption())
    .option('--output-file <file>', 'also write the outcome as JSON to this file')
    .action(async (product: string, flags) => {
      io.print(await pruneReleases({ product, keep: flags.keep, olderThan: flags.olderThan, dryRun: flags.dryRun }, await io.host()), flags);
    });

  program
    .command('status')
    .description('What is live where: every environment of [product] (or of every product) with version, tag, commit, who and when.')
    .argument('[product]', 'one product (default: every product of the workspace)')
    .option('--history', 'every deployment of each environment, newest first')
    .addOption(jsonOption())
    .option('--output-file <file>', 'also write the status as JSON to this file')
    .option('--html <file>', 'also write the status page of every product to this HTML file')
    .action(async (product: string | undefined, flags) => {
      const host = await io.host();
      const { history, html } = flags;
      io.print(product === undefined ? await readWorkspaceStatus({ history, html }, host) : await readStatus({ product, history, html }, host), flags);
    });

  program
    .command('serve')
    .description('The local router: serve what an environment of <product> points at, re-reading the pointer on every request.')
    .argument('<product>')
    .requiredOption('--env <env>', 'the environment to serve')
    .option('--port <port>', 'port to listen on', parsePort, 4300)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .action(async (product: string, flags) => {
      const server = await serveProduct({ product, env: flags.env, port: flags.port, host: flags.host }, await io.host());
      io.stdout(renderServingLine(product, flags.env, server.url));
      await io.untilStopped();
      await server.close();
    });

  program
    .command('init')
    .description('Without [product]: write tagdeploy.config.json (workspace settings). With it: make that package a product (its tagdeploy.json).')
    .argument('[product]', 'a package of the workspace to make a product')
    .addOption(new Option('--kind <kind>', 'what the product ships').choices(['static', 'container']).default('static'))
    .option('--output-path <folder>', 'the build output, relative to the workspace root (default <package>/dist)')
    .option('--image <name>', 'container products: the image name (default: the product name)')
    .option('--environments <names>', 'environments in promotion order, comma-separated', 'staging,production')
    .action(async (product: string | undefined, flags) => {
      const host = await io.host();
      io.print(initWorkspace({ product, ...flags }, host.workspace), {});
    });

  return program;
}

function envCommand(program: Command, io: ProgramIo, action: DeploymentAction, description: string, envFlag: string, releaseFlag: string): void {
  program
    .command(action)
    .description(description)
    .argument('<product>')
    .requiredOption(envFlag, action === 'promote' ? 'the environment to promote to' : 'the environment to change')
    .option(releaseFlag, action === 'promote' ? 'refuse unless this is the release being promoted' : 'the release (version) to put there')
    .option('--reason <text>', 'why, recorded in the history')
    .option('--approve', 'approve a change that needs an approver (CI: with --approved-by or TAGDEPLOY_APPROVER)')
    .option('--approved-by <name>', 'who approved it')
    .addOption(jsonOption())
    .option('--output-file <file>', 'also write the result as JSON to this file')
    .action(async (product: string, flags) => {
      const host: Host = await io.host();
      const env = action === 'promote' ? flags.to : flags.env;
      const { release, reason, approve, approvedBy } = flags;
      io.print(await changeEnvironment({ action, product, env, release, reason, approve, approvedBy }, host), flags);
    });
}

function jsonOption(): Option {
  return new Option('--json', 'print only JSON on stdout (progress stays on stderr)');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`${value} is not a port number (0-65535).`);
  return port;
}
