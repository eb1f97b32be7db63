import { describe, expect, it } from 'vitest';
import { writeTar } from './tar-writer';
import { readTar } from './testing/read-tar';

describe('writeTar', () => {
  it('writes files, folders and symlinks that read back with their modes, uid/gid 0 and the given mtime', () => {
    const entries = readTar(
      writeTar(
        [
          { path: 'app', type: 'dir', mode: 0o755 },
          { path: 'app/main.mjs', type: 'file', mode: 0o644, body: Buffer.from('hello') },
          { path: 'app/link', type: 'symlink', mode: 0o777, linkname: 'main.mjs' },
        ],
        1234,
      ),
    );
    expect(entries.map(({ path, type, mode, uid, gid, mtime, linkname }) => ({ path, type, mode, uid, gid, mtime, linkname }))).toEqual([
      { path: 'app/', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1234, linkname: '' },
      { path: 'app/main.mjs', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1234, linkname: '' },
      { path: 'app/link', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1234, linkname: 'main.mjs' },
    ]);
    expect(entries[1].body.toString()).toBe('hello');
  });

  it('keeps long paths: ustar prefix when it splits, a PAX record when it does not', () => {
    const split = `app/${'d'.repeat(120)}/file.txt`;
    const long = `app/${'n'.repeat(150)}.txt`;
    const entries = readTar(writeTar([split, long].map((path) => ({ path, type: 'file', mode: 0o644, body: Buffer.from(path) }))));
    expect(entries.map((e) => e.path)).toEqual([split, long]);
    expect(entries.map((e) => e.body.toString())).toEqual([split, long]);
  });

  it('gives the same bytes for the same entries, padded to 512-byte blocks', () => {
    const make = () => writeTar([{ path: 'a.txt', type: 'file', mode: 0o600, body: Buffer.from('x'.repeat(700)) }]);
    expect(make().equals(make())).toBe(true);
    expect(make().length % 512).toBe(0);
  });

  it('is read by GNU tar', async () => {
    const { spawnSync } = await import('node:child_process');
    const listed = spawnSync('tar', ['-tvf', '-'], { input: writeTar([{ path: 'app/x.txt', type: 'file', mode: 0o640, body: Buffer.from('abc') }]), encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^-rw-r----- 0\/0\s+3 1970-01-01 00:00 app\/x.txt$/m);
  });
});
