import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../store/file-store';
import { silentReporter } from './ports';
import { copyMinBytes, publishReleaseFiles, type LocalFile } from './publish-release-files';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function aFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-publish-'));
  dirs.push(dir);
  return dir;
}

function aLocalFile(dir: string, path: string, bytes: Buffer): LocalFile {
  const absPath = join(dir, path.replace(/\//g, '_'));
  writeFileSync(absPath, bytes);
  return { path, absPath, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), contentType: 'application/javascript' };
}

describe('publishReleaseFiles', () => {
  it('uploads every file once and counts files already there on a second run', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const src = aFolder();
    const files = [aLocalFile(src, 'a.js', Buffer.from('a')), aLocalFile(src, 'b/c.js', Buffer.from('c'))];

    const first = await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });
    const second = await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files, reporter: silentReporter });

    expect(first).toEqual({ created: 2, copied: 0, existing: 0 });
    expect(second).toEqual({ created: 0, copied: 0, existing: 2 });
    expect(await store.list('p/releases/1.0.0/')).toEqual(['p/releases/1.0.0/a.js', 'p/releases/1.0.0/b/c.js']);
  });

  it('copies a large file unchanged since the previous release inside the store, with its bytes intact', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const src = aFolder();
    const big = Buffer.alloc(copyMinBytes, 7);
    const file = aLocalFile(src, 'vendor.js', big);
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files: [file], reporter: silentReporter });

    const result = await publishReleaseFiles({
      store,
      prefix: 'p/releases/1.1.0/',
      files: [file],
      reporter: silentReporter,
      previousBySha: new Map([[file.sha256, 'p/releases/1.0.0/vendor.js']]),
    });

    expect(result).toEqual({ created: 1, copied: 1, existing: 0 });
    expect((await store.get('p/releases/1.1.0/vendor.js'))?.body.equals(big)).toBe(true);
  });

  it('uploads a small file even when the previous release has the same bytes', async () => {
    const store = new FileStore(aFolder(), 'file:test');
    const file = aLocalFile(aFolder(), 'tiny.js', Buffer.from('tiny'));
    await publishReleaseFiles({ store, prefix: 'p/releases/1.0.0/', files: [file], reporter: silentReporter });

    const result = await publishReleaseFiles({
      store,
      prefix: 'p/releases/1.1.0/',
      files: [file],
      reporter: silentReporter,
      previousBySha: new Map([[file.sha256, 'p/releases/1.0.0/tiny.js']]),
    });

    expect(result).toEqual({ created: 1, copied: 0, existing: 0 });
  });
});
