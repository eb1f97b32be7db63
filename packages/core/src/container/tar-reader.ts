// A small tar reader for image layers (ustar, PAX and GNU long names): enough to list what an
// image holds and to unpack it. Whole layers are read into memory; base images here are tens of MB.

export interface ReadTarEntry {
  /** Path inside the archive, normalised: no leading "./" or "/", no trailing "/". */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target, or the archive path a hard link points at. */
  linkname: string;
  body: Buffer;
}

const BLOCK = 512;

export function readTar(archive: Buffer): ReadTarEntry[] {
  const entries: ReadTarEntry[] = [];
  let offset = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = readNumber(header.subarray(124, 136));
    const typeflag = String.fromCharCode(header[156] || 48);
    const body = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      pax = { ...pax, ...parsePax(body) };
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L') {
      longName = cString(body);
      continue;
    }
    if (typeflag === 'K') {
      longLink = cString(body);
      continue;
    }
    const prefix = cString(header.subarray(345, 500));
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    const linkname = pax.linkpath ?? longLink ?? cString(header.subarray(157, 257));
    entries.push({
      path: normalizeTarPath(name),
      type: typeOf(typeflag),
      mode: readNumber(header.subarray(100, 108)) & 0o7777,
      uid: pax.uid ? Number(pax.uid) : readNumber(header.subarray(108, 116)),
      gid: pax.gid ? Number(pax.gid) : readNumber(header.subarray(116, 124)),
      linkname: typeflag === '1' ? normalizeTarPath(linkname) : linkname,
      body,
    });
    pax = {};
    longName = longLink = undefined;
  }
  return entries;
}

export function normalizeTarPath(path: string): string {
  return path
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

function typeOf(flag: string): ReadTarEntry['type'] {
  if (flag === '0' || flag === '7') return 'file';
  if (flag === '5') return 'dir';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

/** Octal, or GNU base-256 for sizes that do not fit. */
function readNumber(field: Buffer): number {
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = cString(field).trim();
  return text ? parseInt(text, 8) : 0;
}

function parsePax(body: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(body.subarray(offset, space).toString('utf8'));
    if (!length) break;
    const record = body.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}
