// The files of a package tarball (.tgz), each with its path (npm's "package/" folder taken off),
// size and sha256, and its package.json parsed: enough to compare two tarballs file by file and
// to read what a published package.json says. The tar format is read by the container's reader
// (ustar, pax and GNU long names). Pure.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../container/tar-reader';

export interface TarballFile {
  path: string;
  size: number;
  sha256: string;
}

export interface TarballContents {
  files: TarballFile[];
  /** package.json at the package's root, parsed; null when the tarball has none or it is not JSON. */
  manifest: Record<string, unknown> | null;
}

export function readTarballFiles(tgz: Buffer): TarballContents {
  // npm puts every file in one top folder ("package/").
  const entries = readTar(gunzipSync(tgz))
    .filter((entry) => entry.type === 'file')
    .map((entry) => ({ path: entry.path.replace(/^[^/]*\//, ''), body: entry.body }));
  const files = entries.map(({ path, body }) => ({ path, size: body.length, sha256: createHash('sha256').update(body).digest('hex') }));
  const manifest = entries.find((entry) => entry.path === 'package.json');
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), manifest: manifest ? parseManifest(manifest.body) : null };
}

function parseManifest(body: Buffer): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
