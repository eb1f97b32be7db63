import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readTarballFiles } from './read-tarball-files';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A package on disk, packed by the real npm; returns its folder and the tarball's bytes. */
function packed(files: Record<string, string>): { dir: string; tgz: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tarball-files-'));
  folders.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  return { dir, tgz: readFileSync(join(dir, filename)) };
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('readTarballFiles', () => {
  it('lists every file npm packed, with the bytes on disk, long paths and package.json included', () => {
    const long = `dist/${'deep/'.repeat(30)}index.js`;
    const manifest = `${JSON.stringify({ name: 'tarball-files', version: '1.2.3', files: ['dist'], dependencies: { lib: '^1.0.0' } })}\n`;
    const { dir, tgz } = packed({ 'package.json': manifest, 'dist/index.js': 'export const a = 1;\n', [long]: 'x'.repeat(5000), 'dist/empty.txt': '', 'notes.md': 'not in files' });

    const contents = readTarballFiles(tgz);

    expect(long.length).toBeGreaterThan(100);
    expect(contents.files.map((file) => file.path)).toEqual(['dist/empty.txt', long, 'dist/index.js', 'package.json'].sort());
    for (const file of contents.files) {
      const bytes = readFileSync(join(dir, file.path));
      expect(file, file.path).toEqual({ path: file.path, size: bytes.length, sha256: sha256(bytes) });
    }
    expect(contents.manifest).toMatchObject({ name: 'tarball-files', version: '1.2.3', dependencies: { lib: '^1.0.0' } });
  });

  it('takes a pax header\'s path over the ustar name, and reads a tarball with no package.json', () => {
    const header = (name: string, size: number, type: string) => {
      const h = Buffer.alloc(512);
      h.write(name, 0, 'utf8');
      h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
      h.write(type, 156, 'latin1');
      h.write('ustar\0', 257, 'latin1');
      return h;
    };
    const pad = (body: Buffer) => Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
    const path = 'package/lib/é-long-name.js';
    const record = (text: string) => {
      const bytes = (n: number) => Buffer.byteLength(`${n} ${text}\n`);
      let length = Buffer.byteLength(text) + 3;
      while (bytes(length) !== length) length = bytes(length);
      return `${length} ${text}\n`;
    };
    const pax = Buffer.from(record(`path=${path}`), 'utf8');
    const body = Buffer.from('module.exports = 1;\n');
    const tar = Buffer.concat([header('PaxHeader/x', pax.length, 'x'), pad(pax), header('package/lib/truncated.js', body.length, '0'), pad(body), Buffer.alloc(1024)]);

    expect(readTarballFiles(gzipSync(tar))).toEqual({ files: [{ path: 'lib/é-long-name.js', size: body.length, sha256: sha256(body) }], manifest: null });
  });
});
