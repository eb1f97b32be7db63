// A minimal, deterministic ustar writer for image layers: regular files, directories and
// symlinks, uid/gid 0, a fixed mtime. Names that do not fit ustar get a PAX header.

export interface TarEntry {
  /** Path inside the archive, without a leading slash; directories may end with "/". */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits (0o755, ...). */
  mode: number;
  body?: Buffer;
  /** Symlink target. */
  linkname?: string;
}

const BLOCK = 512;
const TYPEFLAG = { file: '0', symlink: '2', dir: '5', pax: 'x' } as const;

export function writeTar(entries: readonly TarEntry[], mtimeSeconds = 0): Buffer {
  const chunks: Buffer[] = [];
  for (const entry of entries) {
    const path = entry.type === 'dir' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
    const body = entry.type === 'file' ? (entry.body ?? Buffer.alloc(0)) : Buffer.alloc(0);
    const linkname = entry.linkname ?? '';
    const split = splitUstarName(path);
    if (!split || Buffer.byteLength(linkname) > 100) {
      const pax = paxRecords({ path, ...(linkname ? { linkpath: linkname } : {}) });
      chunks.push(header({ name: 'PaxHeader', prefix: '', mode: 0o644, size: pax.length, mtime: mtimeSeconds, type: TYPEFLAG.pax, linkname: '' }), padded(pax));
    }
    const { name, prefix } = split ?? { name: path.slice(-100), prefix: '' };
    chunks.push(header({ name, prefix, mode: entry.mode & 0o7777, size: body.length, mtime: mtimeSeconds, type: TYPEFLAG[entry.type], linkname: linkname.slice(0, 100) }));
    if (body.length) chunks.push(padded(body));
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}

interface HeaderFields {
  name: string;
  prefix: string;
  mode: number;
  size: number;
  mtime: number;
  type: string;
  linkname: string;
}

function header(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(fields.name, 0, 100, 'utf8');
  octal(block, 100, 8, fields.mode);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, fields.size);
  octal(block, 136, 12, fields.mtime);
  block.fill(' ', 148, 156);
  block.write(fields.type, 156, 1, 'ascii');
  block.write(fields.linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  octal(block, 329, 8, 0);
  octal(block, 337, 8, 0);
  block.write(fields.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  const text = value.toString(8).padStart(length - 1, '0');
  if (text.length > length - 1) throw new Error(`tar: ${value} does not fit a ${length}-byte field`);
  block.write(`${text}\u0000`, offset, length, 'ascii');
}

/** ustar keeps up to 100 bytes of name and 155 of prefix, split at a slash. */
function splitUstarName(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/', path.length - 2); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(name) > 100) return undefined;
    if (Buffer.byteLength(prefix) <= 155) return { name, prefix };
  }
  return undefined;
}

function paxRecords(records: Record<string, string>): Buffer {
  const lines = Object.entries(records).map(([key, value]) => {
    const body = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(body) + 1;
    while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
    return `${length}${body}`;
  });
  return Buffer.from(lines.join(''), 'utf8');
}

function padded(body: Buffer): Buffer {
  const rest = body.length % BLOCK;
  return rest ? Buffer.concat([body, Buffer.alloc(BLOCK - rest)]) : body;
}
