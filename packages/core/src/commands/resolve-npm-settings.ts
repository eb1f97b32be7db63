// For an npm product: its package, registry and provenance, and the released version of every
// workspace package it makes its consumers install. Such a dependency must be an npm product with
// a sealed release and no unreleased changes: otherwise the release is refused before anything is
// built or tagged, naming the dependency and the command that releases it.
import type { ProductConfig } from '../config/config-schema';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { Git } from '../git/git-port';
import { readNpmPackage } from '../npm/read-npm-package';
import { readWorkspacePackages } from '../npm/read-workspace-packages';
import { resolveNpmRegistry } from '../npm/resolve-npm-registry';
import { readWorkspaceDependencies } from '../npm/resolve-published-manifest';
import type { NpmSettings } from '../release/npm-publisher';
import { planRelease } from '../release/plan-release';
import type { Host } from './host';
import type { ProductContext } from './load-product-context';
import { command } from './spelling';

type NpmConfig = Extract<ProductConfig, { kind: 'npm' }>;

export async function resolveNpmSettings(context: ProductContext & { config: NpmConfig }, host: Host, git: Git): Promise<NpmSettings> {
  const { product, config } = context;
  const { workspace } = host;
  const pkg = readNpmPackage(product, workspace.root, workspace.projects[product]?.root ?? '');
  const packages = readWorkspacePackages(workspace);
  const released: Record<string, string> = {};
  for (const dependency of readWorkspaceDependencies(pkg.manifest, new Set(packages.keys()))) {
    released[dependency] = await readReleasedVersion(context, host, git, dependency, packages.get(dependency));
  }
  return {
    package: pkg,
    registry: await resolveNpmRegistry(pkg, config.registry, workspace.root),
    provenance: resolveProvenance(config, host, context),
    workspacePackages: [...packages.keys()],
    released,
  };
}

/** The version a dependency's consumers get: its newest sealed release, when nothing since counts for it. */
async function readReleasedVersion(context: ProductContext, host: Host, git: Git, dependency: string, project: string | undefined): Promise<string> {
  const { product, products, settings, store } = context;
  const depConfig = project ? products[project] : undefined;
  if (!project || depConfig?.kind !== 'npm') {
    const what = project ? `the package of ${project}, which is ${depConfig ? `a ${depConfig.kind} product` : 'not a product'}` : 'not a package of this workspace';
    throw new TagdeployError(
      'DEPENDENCY_NOT_PUBLISHED',
      `${product} depends on ${dependency} (${what}), so its published package.json would name a version no registry has. Make ${project ?? dependency} an npm product (kind "npm" in its tagdeploy.json) and release it first, or move ${dependency} to devDependencies and bundle it; nothing was built or tagged.`,
    );
  }
  const today = host.clock.now().toISOString().slice(0, 10);
  const plan = await planRelease({ product: project }, { git, store, workspace: host.workspace, products, options: settings, today });
  if (plan.status === 'already-released') return plan.version;
  if (plan.status === 'nothing-to-release' && plan.previous) return plan.previous.version;
  const why =
    plan.status === 'release'
      ? plan.previous
        ? `has unreleased changes since ${plan.previous.tag} (${countingCommits(plan.commits.filter((c) => c.counts).length)})`
        : 'has no release yet'
      : `has an unfinished release (${plan.tag}, not sealed)`;
  throw new TagdeployError(
    'DEPENDENCY_UNRELEASED',
    `${product} depends on ${dependency} (npm product ${project}), which ${why}: ${product}'s package would name a version of ${dependency} that is not the code it was built with. Release ${project} first with ${command('release', project)}, then ${product}; nothing was built or tagged.`,
  );
}

/** --provenance only where the CI can sign it (an OIDC token for Sigstore); elsewhere it would fail after the claim. */
function resolveProvenance(config: NpmConfig, host: Host, context: ProductContext): boolean {
  if (!config.provenance) return false;
  const env = host.environment;
  const supported = (env.GITHUB_ACTIONS === 'true' && Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL)) || (env.GITLAB_CI === 'true' && Boolean(env.SIGSTORE_ID_TOKEN));
  if (!supported) context.reporter.warn('provenance is on, but this is not a CI that can sign it (GitHub Actions with "id-token: write", or GitLab CI with SIGSTORE_ID_TOKEN): publishing without --provenance');
  return supported;
}

const countingCommits = (n: number): string => (n === 1 ? '1 commit that counts' : `${n} commits that count`);
