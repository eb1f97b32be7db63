// release <product>: plan from the facts, and either show the plan (dry run) or carry it out.
// The settings that shape a release (commit mode, the container's registry and builder) are
// resolved here, once, for every host.
import { checkBuildTarget } from '../config/check-build-target';
import { checkWorkspacePaths } from '../config/check-workspace-paths';
import { TagdeployError, isTagdeployError } from '../errors/tagdeploy-error';
import type { Git } from '../git/git-port';
import { GitCli } from '../git/git-cli';
import type { ReleasePlan } from '../plan/release-plan';
import { applyReleasePlan, type ReleaseOutcome } from '../release/apply-release-plan';
import { planRelease } from '../release/plan-release';
import type { ArtifactSettings } from '../release/create-publisher';
import { renderReleaseOutcome, renderReleasePlan } from '../report/render-release-plan';
import type { CommandResult, Host } from './host';
import { containerArtifact } from './container-artifact';
import { loadProductContext, type ProductContext } from './load-product-context';
import { resolveNpmSettings } from './resolve-npm-settings';
import { readSigningKey } from '../provenance/read-signing-key';
import { createProvenanceWriter } from '../provenance/write-provenance';
import { checkPlanGraphRequest, writePlanGraph } from '../page/write-plan-graph';
import { command } from './spelling';

export interface ReleaseProductRequest {
  product: string;
  dryRun?: boolean;
  /** A bump kind or an exact version. */
  releaseAs?: string;
  preid?: string;
  firstRelease?: boolean;
  /** false: keep the tag local (default: claim it on the remote). */
  push?: boolean;
  allowBranch?: boolean;
  /** With dryRun: also draw the plan as one self-contained HTML page there. */
  html?: string;
}

export type ReleaseProductResult = CommandResult<ReleasePlan | ReleaseOutcome>;

export async function releaseProduct(request: ReleaseProductRequest, host: Host): Promise<ReleaseProductResult> {
  if (request.html !== undefined) checkPlanGraphRequest(request.product, request.html, request.dryRun);
  const context = loadProductContext(host, request.product);
  const { product, config, settings, products, store, reporter } = context;
  const { workspace } = host;
  const productRoot = workspace.projects[product]?.root ?? '';
  const configFile = `${productRoot ? `${productRoot}/` : ''}tagdeploy.json`;
  checkBuildTarget(product, config, settings, configFile);
  checkWorkspacePaths(config, configFile, workspace.root);
  const artifact = containerArtifact(workspace, product, config, settings.registry, configFile, host.environment);
  const git = await GitCli.open(workspace.root);
  const today = host.clock.now().toISOString().slice(0, 10);

  const plan = await planRelease(
    { product, releaseAs: request.releaseAs, preid: request.preid, firstRelease: request.firstRelease },
    { git, store, workspace, products, options: settings, today },
  );
  if (request.dryRun) {
    const drawn = request.html === undefined ? [] : [writePlanGraph(plan, workspace, request.html)];
    return { result: plan, text: [renderReleasePlan(plan), ...drawn].join('\n\n') };
  }

  // The plan is progress before the work; a plan with nothing to do is the result itself (printed once, on stdout).
  if (plan.status !== 'nothing-to-release' && plan.status !== 'already-released') reporter.info(renderReleasePlan(plan));
  // A configured key that cannot sign stops the release here, before anything is built or claimed.
  const key = plan.status === 'release' || plan.status === 'resume' ? readSigningKey({ signing: settings.signing, workspaceRoot: workspace.root, environment: host.environment }) : undefined;
  const provenance = key && createProvenanceWriter({ key, store, reporter, workspaceRoot: workspace.root, registryAccess: { env: host.environment } });
  const outcome = await resumeOrAbandon(plan, async () => applyReleasePlan(
    plan,
    { git, store, builder: host.builder, reporter, clock: host.clock, provenance },
    {
      workspace,
      releaseBranch: settings.releaseBranch,
      allowBranch: request.allowBranch ?? false,
      push: request.push ?? true,
      commit: config.commit ?? settings.commit,
      artifact: artifact ?? (await npmArtifact(plan, context, host, git)),
    },
  ));
  return { result: outcome, text: renderReleaseOutcome(outcome, store.url) };
}

/**
 * A resumed release that fails may fail the same way every time (a file the store will never
 * take): its error names the way out as well as the fix.
 */
async function resumeOrAbandon<T>(plan: ReleasePlan, apply: () => Promise<T>): Promise<T> {
  try {
    return await apply();
  } catch (error) {
    if (plan.status !== 'resume' || !isTagdeployError(error) || error.code === 'RELEASE_ABANDONED') throw error;
    const way = `If ${plan.tag} can never be sealed, abandon it (the tag stays, the next release takes the next version): ${command('abandon', plan.product, { release: plan.version })}.`;
    throw new TagdeployError(error.code, `${error.message} ${way}`);
  }
}

/** An npm product's package and dependencies, read only when something is to be published. */
async function npmArtifact(plan: ReleasePlan, context: ProductContext, host: Host, git: Git): Promise<ArtifactSettings | undefined> {
  const { config } = context;
  if (config.kind !== 'npm' || (plan.status !== 'release' && plan.status !== 'resume')) return undefined;
  return { kind: 'npm', ...(await resolveNpmSettings({ ...context, config }, host, git)) };
}
