// Packs an npm release once: the files npm would pack from the product's folder, copied to a
// staging folder with the published package.json (resolvePublishedManifest), then packed there
// with the package manager's pack (npm pack: fixed file times and order, so the same build gives
// the same bytes). Scripts do not run: the build target already built the package.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { NpmPackage } from './read-npm-package';
import type { PackageManifest } from './resolve-published-manifest';
import { runNpm } from './run-npm';

export interface PackedTarball {
  /** Absolute path of the .tgz. */
  path: string;
  /** npm's file name, e.g. "shop-sdk-0.1.0.tgz". */
  filename: string;
  size: number;
  sha256: string;
  /** "sha512-<base64>", what the registry records as dist.integrity. */
  integrity: string;
  /** Hex sha1, npm's dist.shasum. */
  shasum: string;
}

export async function packNpmRelease(pkg: NpmPackage, published: PackageManifest, product: string): Promise<PackedTarball> {
  const listing = await runNpm(['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkg.dir });
  if (listing.code !== 0) throw packFailed(product, pkg, listing.summary);
  const [{ files }] = JSON.parse(listing.stdout) as [{ files: { path: string }[] }];
  const work = await mkdtemp(join(tmpdir(), 'tagdeploy-pack-'));
  const staging = join(work, 'package');
  for (const { path } of files) {
    if (path === 'package.json') continue;
    await mkdir(dirname(join(staging, path)), { recursive: true });
    await copyFile(join(pkg.dir, path), join(staging, path));
  }
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
  const packed = await runNpm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: staging });
  if (packed.code !== 0) throw packFailed(product, pkg, packed.summary);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  return describeTarball(join(work, filename), filename);
}

/** Size and digests of a tarball, the way npm and the registry state them. */
export async function describeTarball(path: string, filename: string): Promise<PackedTarball> {
  const bytes = await readFile(path);
  const digest = (algorithm: string) => createHash(algorithm).update(bytes);
  return {
    path,
    filename,
    size: bytes.length,
    sha256: digest('sha256').digest('hex'),
    integrity: `sha512-${digest('sha512').digest('base64')}`,
    shasum: digest('sha1').digest('hex'),
  };
}

function packFailed(product: string, pkg: NpmPackage, why: string): TagdeployError {
  return new TagdeployError('BUILD_OUTPUT_MISSING', `npm pack of ${product} (${pkg.display}) failed: ${why}. Fix the package (its "files", its build) and run again; nothing was tagged or published.`);
}
