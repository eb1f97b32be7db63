// The package.json that goes into a release's tarball: the product's own, with the release's
// version, and every dependency on a workspace package pinned to that package's released version
// (the registry has no "workspace:" and no local folder). Pure.
export type PackageManifest = Record<string, unknown> & { name?: unknown; version?: unknown; private?: unknown };

/** The dependency fields a consumer installs from (devDependencies are not among them). */
export const installedDependencyFields = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * `released`: package name → released version, for every workspace package it depends on
 * (checked by the caller). `workspace:^` / `workspace:~` keep their operator, `workspace:<range>`
 * keeps the range (as pnpm publishes it), anything else (`workspace:*`, npm's "*" or a local
 * version) becomes the exact released version. devDependencies on workspace packages are left
 * out: a consumer never installs them, and they may name versions no registry has.
 */
export function resolvePublishedManifest(manifest: PackageManifest, version: string, workspacePackages: ReadonlySet<string>, released: Readonly<Record<string, string>>): PackageManifest {
  const published: PackageManifest = { ...manifest, version };
  for (const field of installedDependencyFields) {
    const deps = dependencyMap(manifest[field]);
    if (!deps) continue;
    published[field] = Object.fromEntries(Object.entries(deps).map(([name, spec]) => [name, isWorkspaceDependency(name, spec, workspacePackages) ? pinned(name, spec, released) : spec]));
  }
  const dev = dependencyMap(manifest.devDependencies);
  if (dev) published.devDependencies = Object.fromEntries(Object.entries(dev).filter(([name, spec]) => !isWorkspaceDependency(name, spec, workspacePackages)));
  return published;
}

/** The workspace packages the product's consumers would install (in the installed fields). */
export function readWorkspaceDependencies(manifest: PackageManifest, workspacePackages: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const field of installedDependencyFields) {
    for (const [name, spec] of Object.entries(dependencyMap(manifest[field]) ?? {})) if (isWorkspaceDependency(name, spec, workspacePackages)) names.add(name);
  }
  return [...names].sort();
}

function isWorkspaceDependency(name: string, spec: string, workspacePackages: ReadonlySet<string>): boolean {
  return spec.startsWith('workspace:') || workspacePackages.has(name);
}

function pinned(name: string, spec: string, released: Readonly<Record<string, string>>): string {
  const version = released[name];
  if (!version) throw new Error(`no released version of workspace package ${name} was given (a bug in the caller)`);
  const range = spec.startsWith('workspace:') ? spec.slice('workspace:'.length) : '';
  if (range === '^' || range === '~') return `${range}${version}`;
  if (range !== '' && range !== '*' && !range.startsWith('.') && !range.startsWith('/')) return range;
  return version;
}

function dependencyMap(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
