// `npm run pack`: the three packages as npm would publish them, one tarball each, in one folder
// (dist/packs unless a folder is given). Until they are on the npm registry this is how a team
// installs tagdeploy: `npm install -D <tarballs>` of the ones it needs, all in one command, so that
// @tagdeploy/nx's and @tagdeploy/cli's dependency on @tagdeploy/core is the core tarball beside them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
export const tagdeployPackages = ['core', 'nx', 'cli'] as const;
export type TagdeployPackage = (typeof tagdeployPackages)[number];

/** Packs the given packages (already built) into a folder, replacing older tarballs there; returns the tarballs' paths. */
export function packTarballs(into: string, packages: readonly TagdeployPackage[] = tagdeployPackages): string[] {
  for (const pkg of packages) {
    const main = JSON.parse(readFileSync(join(repoRoot, 'packages', pkg, 'package.json'), 'utf8')).main;
    if (!existsSync(join(repoRoot, 'packages', pkg, main))) throw new Error(`packages/${pkg}/dist is missing: run "npm run build" first.`);
  }
  mkdirSync(into, { recursive: true });
  for (const old of readdirSync(into).filter((file) => /^tagdeploy-.*\.tgz$/.test(file))) rmSync(join(into, old));
  const workspaces = packages.flatMap((pkg) => ['-w', `@tagdeploy/${pkg}`]);
  execFileSync('npm', ['pack', '--silent', '--pack-destination', into, ...workspaces], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  return readdirSync(into)
    .filter((file) => file.endsWith('.tgz'))
    .sort()
    .map((file) => join(into, file));
}

if (require.main === module) {
  const into = resolve(process.argv[2] ?? join(repoRoot, 'dist', 'packs'));
  for (const tarball of packTarballs(into)) console.log(relative(process.cwd(), tarball));
}
