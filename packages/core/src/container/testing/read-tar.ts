// Reads a tar archive back (ustar + PAX path records), for tests that check layer contents.
export interface ReadTarEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  body: Buffer;
  linkname: string;
}

export function readTar(archive: Buffer): ReadTarEntry[] {
  const entries: ReadTarEntry[] = [];
  let pax: Record<string, string> = {};
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const block = archive.subarray(offset, offset + 512);
    if (block.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) => block.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const num = (start: number, length: number) => parseInt(text(start, length).trim() || '0', 8);
    const size = num(124, 12);
    const body = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    const flag = text(156, 1);
    if (flag === 'x') {
      pax = Object.fromEntries(
        body.toString('utf8').split('\n').filter(Boolean).map((line) => {
          const record = line.slice(line.indexOf(' ') + 1);
          return [record.slice(0, record.indexOf('=')), record.slice(record.indexOf('=') + 1)];
        }),
      );
      continue;
    }
    const prefix = text(345, 155);
    const name = text(0, 100);
    entries.push({
      path: pax.path ?? (prefix ? `${prefix}/${name}` : name),
      type: flag === '0' || flag === '' ? 'file' : flag === '5' ? 'dir' : flag === '2' ? 'symlink' : 'other',
      mode: num(100, 8),
      uid: num(108, 8),
      gid: num(116, 8),
      mtime: num(136, 12),
      body: Buffer.from(body),
      linkname: pax.linkpath ?? text(157, 100),
    });
    pax = {};
  }
  return entries;
}
