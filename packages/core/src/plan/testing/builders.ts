// Builders for plan tests: read like the specification ("aCommit('feat(ui)!: drop IE', [...])").
import { createHash } from 'node:crypto';
import { pluginOptionsSchema, type ChangelogOptions, type CommitTypesConfig, type ProductConfig } from '../../config/config-schema';
import { TagdeployError } from '../../errors/tagdeploy-error';
import type { RawCommit, TagRef } from '../../git/git-port';
import type { Workspace, WorkspaceProject } from '../../workspace/workspace';
import { parseCommit } from '../../changelog/parse-commit';
import { renderReleaseChangelog } from '../../release/plan-release';
import { buildReleasePlan } from '../build-release-plan';
import type { CloneFacts, PlannedCommit, ReleaseFacts, ReleaseRequest } from '../release-plan';

/** A commit from its whole message (subject, blank line, body) and the files it touched. */
export function aCommit(message: string, files: string[] = [], overrides: Partial<RawCommit> = {}): RawCommit {
  const [subject, ...rest] = message.split('\n');
  return {
    sha: createHash('sha1').update(`${message}\0${files.join('\0')}`).digest('hex'),
    subject,
    body: rest.join('\n').replace(/^\n/, ''),
    authorName: 'Ada Lovelace',
    authorEmail: 'ada@example.com',
    date: '2024-05-01T10:00:00Z',
    files,
    ...overrides,
  };
}

export function aTag(name: string, commit: string): TagRef {
  return { name, commit };
}

export function defaultCommitTypes(overrides: Partial<CommitTypesConfig> = {}): CommitTypesConfig {
  return { ...pluginOptionsSchema.parse({}).commitTypes, ...overrides };
}

export function defaultChangelog(overrides: Partial<ChangelogOptions> = {}): ChangelogOptions {
  return { ...pluginOptionsSchema.parse({}).changelog, ...overrides };
}

function project(name: string, root: string, dependencies: string[] = []): WorkspaceProject {
  return { name, root, dependencies, targets: ['build'] };
}

/**
 * The examples/shop layout: checkout -> ui -> utils, storefront -> ui, payments-api -> utils,
 * plus a workspace root project that must never own files.
 */
export function aShopWorkspace(extra: WorkspaceProject[] = []): Workspace {
  const projects = [
    project('shop', '.'),
    project('checkout', 'apps/checkout', ['ui', 'utils']),
    project('storefront', 'apps/storefront', ['ui']),
    project('payments-api', 'services/payments-api', ['utils']),
    project('ui', 'packages/ui', ['utils']),
    project('utils', 'packages/utils'),
    ...extra,
  ];
  return { root: '/repo/shop', projects: Object.fromEntries(projects.map((p) => [p.name, p])) };
}

export function aShopProducts(): Record<string, ProductConfig> {
  return {
    checkout: { kind: 'static', buildTarget: 'build', outputPath: 'dist/apps/checkout' },
    storefront: { kind: 'static', buildTarget: 'build', outputPath: 'dist/apps/storefront' },
    'payments-api': { kind: 'container', buildTarget: 'build', image: 'shop/payments-api', builder: 'embedded', outputPath: 'dist/services/payments-api' },
  };
}

export const headSha = 'f'.repeat(40);

/** A full clone whose tags are all on origin too (the usual case); override what differs. */
export function aClone(overrides: Partial<CloneFacts> = {}): CloneFacts {
  return { remote: 'origin', remoteError: null, remoteOnly: [], localOnly: [], diverged: [], shallow: false, history: 'complete', ...overrides };
}

/** Facts for the shop with no release yet and no commits; override what the test is about. */
export function someFacts(overrides: Partial<ReleaseFacts> = {}): ReleaseFacts {
  return {
    workspace: aShopWorkspace(),
    products: aShopProducts(),
    tagPattern: '{product}@{version}',
    rootFiles: [],
    commitTypes: defaultCommitTypes(),
    changelog: defaultChangelog(),
    tags: [],
    clone: aClone(),
    sealedVersions: [],
    abandoned: [],
    head: headSha,
    commits: [],
    revertedCommits: [],
    today: '2024-05-01',
    ...overrides,
  };
}

/** A planned commit for changelog tests, parsed by the real parser. */
export function aPlannedCommit(message: string, via: string[], overrides: Partial<PlannedCommit> = {}): PlannedCommit {
  const raw = aCommit(message);
  return { ...parseCommit(raw, 'conventionalcommits'), shortSha: raw.sha.slice(0, 7), bump: 'patch', counts: true, via, ...overrides };
}

/** The changelog that a release planned from these facts is tagged and sealed with. */
export async function changelogOf(facts: ReleaseFacts, request: ReleaseRequest = { product: 'checkout' }): Promise<string> {
  return (await renderReleaseChangelog(buildReleasePlan(facts, request), facts)).changelog;
}

/** git's revert of a commit: `Revert "<subject>"` with `This reverts commit <sha>.` in its body. */
export function aRevertOf(commit: RawCommit, files: string[] = commit.files): RawCommit {
  return aCommit(`Revert "${commit.subject}"\n\nThis reverts commit ${commit.sha}.`, files);
}

/** The TagdeployError a call throws; fails the test when it throws nothing or something else. */
export function errorOf(run: () => unknown): TagdeployError {
  try {
    run();
  } catch (error) {
    if (error instanceof TagdeployError) return error;
    throw error;
  }
  throw new Error('expected a TagdeployError');
}
