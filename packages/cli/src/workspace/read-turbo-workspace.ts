// The package graph of a Turborepo, from the workspace's own turbo in one process: `turbo query`
// gives every package's name, path and direct workspace dependencies (`turbo ls` gives only
// transitive ones, and needs a second run for them).
import { join } from 'node:path';
import { TagdeployError, type Workspace } from '@tagdeploy/core';
import type { PackageManager } from './detect-workspace';
import { firstErrorLine } from './first-error-line';
import { readPackageScripts } from './read-package-scripts';
import { resolveTurboBin, turboEnv } from './resolve-turbo-bin';
import { runTool } from './run-tool';

const packagesQuery = '{ packages { items { name path directDependencies { items { name } } } } }';
/** Turbo's name for the workspace root package: not a project of ours. */
const rootPackage = '//';

interface QueryPackage {
  name: string;
  path: string;
  directDependencies: { items: { name: string }[] };
}

export async function readTurboWorkspace(root: string, packageManager: PackageManager, env: NodeJS.ProcessEnv = process.env): Promise<Workspace> {
  const turbo = resolveTurboBin(root, packageManager, env);
  const run = await runTool(turbo, ['query', packagesQuery], { cwd: root, env: turboEnv(env), output: 'capture' });
  if (run.code !== 0) {
    throw new TagdeployError('WORKSPACE_UNREADABLE', `turbo query failed in ${root}: ${firstErrorLine(run.stderr)}. Fix that (run "turbo query" there for the whole output) and run tagdeploy again.`);
  }
  const packages = parseQueryOutput(run.stdout, root).filter((item) => item.name !== rootPackage);
  const names = new Set(packages.map((item) => item.name));
  const projects = packages.map((item) => {
    const projectRoot = item.path.replace(/\\/g, '/').replace(/\/$/, '');
    const dependencies = [...new Set(item.directDependencies.items.map((dependency) => dependency.name))];
    return {
      name: item.name,
      root: projectRoot,
      dependencies: dependencies.filter((name) => names.has(name) && name !== item.name),
      targets: readPackageScripts(join(root, projectRoot)),
    };
  });
  return { root, projects: Object.fromEntries(projects.map((project) => [project.name, project])) };
}

/** turbo query exits 0 even when the query has errors: they are in the JSON. */
function parseQueryOutput(stdout: string, root: string): QueryPackage[] {
  let parsed: { data?: { packages?: { items?: QueryPackage[] } } | null; errors?: { message: string }[] };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new TagdeployError('WORKSPACE_UNREADABLE', `turbo query in ${root} did not print JSON (it printed "${stdout.trim().slice(0, 120)}"). Upgrade turbo (tagdeploy is tested with turbo 2.8) and run tagdeploy again.`);
  }
  const items = parsed.data?.packages?.items;
  if (parsed.errors?.length || !Array.isArray(items)) {
    throw new TagdeployError(
      'WORKSPACE_UNREADABLE',
      `turbo query in ${root} could not list the packages: ${parsed.errors?.[0]?.message ?? 'no packages in its answer'}. Upgrade turbo (tagdeploy is tested with turbo 2.8) and run tagdeploy again.`,
    );
  }
  return items;
}
