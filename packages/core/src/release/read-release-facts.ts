// Gather: everything the release plan needs, read once. One git log pass, one tag listing, one
// store lookup; no per-project or per-commit git processes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { PluginOptions, ProductConfig } from '../config/config-schema';
import type { Git, TagRef } from '../git/git-port';
import type { ReleaseFacts } from '../plan/release-plan';
import { parseTag, tagGlob } from '../plan/tag-pattern';
import type { ObjectStore } from '../store/object-store';
import type { Workspace } from '../workspace/workspace';
import { manifestKey } from './release-manifest';

export interface FactSources {
  git: Git;
  store: ObjectStore;
  workspace: Workspace;
  products: Record<string, ProductConfig>;
  options: PluginOptions;
  today: string;
}

export async function readReleaseFacts(product: string, sources: FactSources, firstRelease = false): Promise<ReleaseFacts> {
  const { git, store, workspace, products, options } = sources;
  const config = products[product];
  const tagPattern = config?.tagPattern ?? options.tagPattern;
  const head = await git.readHead();
  const base: ReleaseFacts = {
    workspace,
    products,
    tagPattern,
    rootFiles: config?.rootFiles ?? options.rootFiles,
    commitTypes: options.commitTypes,
    tags: [],
    sealedVersions: [],
    head: head.commit,
    commits: [],
    today: sources.today,
  };
  if (!config) return base; // the plan names the problem and lists the products

  const tags = firstRelease ? [] : await readProductTags(git, tagPattern, product);
  // The range starts at the newest release that is not HEAD itself, so that a resumed release
  // (its tag is HEAD) plans and describes the same commits as when it was first claimed.
  const from = tags.find((tag) => tag.commit !== head.commit);
  const newest = tags[0];
  const [commits, sealed, packageVersion] = await Promise.all([
    git.readCommits({ from: from?.name, to: head.commit }),
    newest ? store.head(manifestKey(product, versionOf(tagPattern, product, newest))) : undefined,
    readPackageVersion(join(workspace.root, workspace.projects[product]?.root ?? '', 'package.json')),
  ]);
  return {
    ...base,
    tags,
    sealedVersions: sealed && newest ? [versionOf(tagPattern, product, newest)] : [],
    commits,
    packageVersion,
  };
}

/** The product's release tags, newest version first. */
async function readProductTags(git: Git, pattern: string, product: string): Promise<TagRef[]> {
  const tags = await git.readTags(tagGlob(pattern, product));
  return tags
    .filter((tag) => parseTag(pattern, product, tag.name) !== null)
    .sort((a, b) => semver.rcompare(versionOf(pattern, product, a), versionOf(pattern, product, b)));
}

function versionOf(pattern: string, product: string, tag: TagRef): string {
  return parseTag(pattern, product, tag.name) as string;
}

async function readPackageVersion(file: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}
