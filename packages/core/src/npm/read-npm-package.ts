// The package.json of an npm product, checked before anything is built or tagged: a package
// the registry would refuse (no name, no version, "private": true) is refused here, naming the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { PackageManifest } from './resolve-published-manifest';

export interface NpmPackage {
  name: string;
  manifest: PackageManifest;
  /** Absolute folder of the package (the product's root). */
  dir: string;
  /** Its package.json as the user sees it (relative to the workspace). */
  display: string;
}

export function readNpmPackage(product: string, workspaceRoot: string, productRoot: string): NpmPackage {
  const display = productRoot ? `${productRoot}/package.json` : 'package.json';
  const dir = join(workspaceRoot, productRoot);
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(error as Error).message})`;
    throw new TagdeployError('NPM_PACKAGE_INVALID', `${display} of ${product} ${why}: an npm product is the package in its folder. Add a package.json with "name" and "version"; nothing was built or tagged.`);
  }
  const problems: string[] = [];
  if (typeof manifest.name !== 'string' || manifest.name.trim() === '') problems.push('it has no "name"');
  if (typeof manifest.version !== 'string' || manifest.version.trim() === '') problems.push('it has no "version" (any placeholder such as "0.0.0": the release sets the real one)');
  if (manifest.private === true) problems.push('it is marked "private": true, so npm never publishes it');
  if (problems.length > 0) {
    throw new TagdeployError(
      'NPM_PACKAGE_INVALID',
      `${display} of ${product} cannot be published: ${problems.join('; ')}. Fix ${display}${manifest.private === true ? ' (remove "private", or change the kind of the product in its tagdeploy.json)' : ''} and run again; nothing was built or tagged.`,
    );
  }
  return { name: manifest.name as string, manifest, dir, display };
}
