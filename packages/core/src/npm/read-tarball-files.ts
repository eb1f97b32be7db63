// The files of a package tarball (.tgz), each with its path (npm's "package/" folder taken off),
// size and sha256, and the bytes of its package.json: enough to compare two tarballs file by file
// and to read what a published package.json says. Reads the ustar format npm pack writes,
// including long names (ustar's prefix field, pax "path" records, GNU long names). Pure.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

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

const block = 512;

export function readTarballFiles(tgz: Buffer): TarballContents {
  const tar = gunzipSync(tgz);
  const files: TarballFile[] = [];
  let manifest: Record<string, unknown> | null = null;
  let longName: string | null = null;
  for (let offset = 0; offset + block <= tar.length; ) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) break;
    const size = readSize(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 48);
    const body = tar.subarray(offset + block, offset + block + size);
    offset += block + Math.ceil(size / block) * block;
    if (type === 'x') {
      longName = readPaxPath(body) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = cString(body);
      continue;
    }
    const name = longName ?? joinUstarName(header);
    longName = null;
    if (type !== '0' && type !== '7') continue;
    const path = name.replace(/^[^/]*\//, '');
    files.push({ path, size, sha256: createHash('sha256').update(body).digest('hex') });
    if (path === 'package.json') manifest = parseManifest(body);
  }
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), manifest };
}

function joinUstarName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = ustar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** Octal, or base-256 when the first byte's high bit is set (sizes of 8 GiB and more). */
function readSize(field: Buffer): number {
  if (field[0] & 0x80) return field.subarray(1).reduce((value, byte) => value * 256 + byte, field[0] & 0x7f);
  const text = cString(field).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

/** The "path" of a pax extended header ("<length> path=<value>\n" records). */
function readPaxPath(body: Buffer): string | null {
  let path: string | null = null;
  for (let at = 0; at < body.length; ) {
    const space = body.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number.parseInt(body.subarray(at, space).toString('latin1'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (record.slice(0, equals) === 'path') path = record.slice(equals + 1);
    at += length;
  }
  return path;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function parseManifest(body: Buffer): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
