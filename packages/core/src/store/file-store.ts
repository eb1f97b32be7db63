// The embedded object store: a folder that stays browsable. Object `key` is the file
// `<root>/<key>`; its metadata is the sidecar `<root>/.meta/<key>.json`. Create-if-absent uses
// link(2) (atomic, fails with EEXIST); compare-and-swap takes a per-key lock file created with
// O_EXCL, so both hold across processes on one machine.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { contentTypeFor } from './content-type';
import { copySourceMismatch, copySourceMissing } from './copy-errors';
import type { CreateResult, ListedObject, ObjectHead, ObjectMeta, ObjectStore } from './object-store';
import { settingsFile } from '../commands/spelling';

const metaDir = '.meta';
const tempPrefix = '.tagdeploy-tmp-';
const lockPrefix = '.tagdeploy-lock-';
/** Files stat'ed at once by listObjects (enough to hide latency, far below the fd limit). */
const listConcurrency = 32;

/** The sidecar: the object's metadata, bound to the file it describes by inode, size and mtime. */
interface Sidecar extends ObjectMeta {
  size: number;
  file: { ino: number; mtimeMs: number };
}

export interface FileStoreOptions {
  /** How long replace() waits for another writer's lock before giving up. */
  lockTimeoutMs?: number;
}

const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');
const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException)?.code;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FileStore implements ObjectStore {
  readonly concurrency = 8;
  private readonly lockTimeoutMs: number;

  constructor(
    readonly rootDir: string,
    readonly url: string,
    options: FileStoreOptions = {},
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  }

  async create(key: string, body: Buffer, meta: ObjectMeta): Promise<CreateResult> {
    const file = this.objectPath(key);
    const actual = this.checkedSha(key, body, meta);
    const temp = await this.stage(key, file, body);
    try {
      await link(temp, file);
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw this.ioFailed('write', key, error);
      const existing = sha256(await readFile(file));
      if (existing !== actual) {
        throw new TagdeployError(
          'OBJECT_CONFLICT',
          `${this.url}/${key} already exists with other bytes (sha256 ${existing}, new ${actual}). A release is never overwritten: publish a new version instead, or remove the release folder by hand if it was never deployed.`,
        );
      }
      // A crash between the object and its sidecar leaves no meta: write it now.
      if (!(await this.readSidecar(key, await stat(file)))) await this.writeSidecar(key, file, meta, actual);
      return 'exists';
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await this.writeSidecar(key, file, meta, actual);
    return 'created';
  }

  /** A folder has no server-side copy: read the source, check it, create the target. */
  async copy(fromKey: string, toKey: string, meta: ObjectMeta): Promise<CreateResult> {
    const source = await this.get(fromKey);
    if (!source) throw copySourceMissing(this.url, fromKey, toKey);
    if (source.head.sha256 !== meta.sha256) throw copySourceMismatch(this.url, fromKey, toKey, source.head.sha256, meta.sha256);
    return this.create(toKey, source.body, meta);
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    const file = this.objectPath(key);
    const stats = await stat(file).catch((error) => (errno(error) === 'ENOENT' ? undefined : Promise.reject(this.ioFailed('read', key, error))));
    if (!stats?.isFile()) return undefined;
    const sidecar = await this.readSidecar(key, stats);
    if (sidecar) return toHead(sidecar);
    // No sidecar, or one describing an earlier file: the bytes are the truth.
    const got = await this.get(key);
    return got?.head;
  }

  async get(key: string): Promise<{ body: Buffer; head: ObjectHead } | undefined> {
    const file = this.objectPath(key);
    // Read through one descriptor so that the bytes and the stat belong to the same file even if
    // a replace renames a new one into place meanwhile.
    const handle = await open(file, 'r').catch((error) => (errno(error) === 'ENOENT' || errno(error) === 'EISDIR' ? undefined : Promise.reject(this.ioFailed('read', key, error))));
    if (!handle) return undefined;
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return undefined;
      const body = await handle.readFile();
      const sidecar = await this.readSidecar(key, stats);
      const sha = sha256(body);
      return {
        body,
        head: {
          contentType: sidecar?.contentType ?? contentTypeFor(key),
          ...(sidecar?.cacheControl !== undefined ? { cacheControl: sidecar.cacheControl } : {}),
          sha256: sha,
          size: body.length,
          etag: sha,
        },
      };
    } finally {
      await handle.close();
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the deepest folder the prefix names; S3 semantics: a plain string prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash === -1 ? '' : prefix.slice(0, slash);
    if (base) this.objectPath(base);
    const keys: string[] = [];
    await this.walk(base, keys);
    return keys.filter((key) => key.startsWith(prefix)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The sha256 of a sidecar that still describes its file is the fingerprint; a stale one gives none. */
  async listObjects(prefix: string): Promise<ListedObject[]> {
    const keys = await this.list(prefix);
    const objects = new Array<ListedObject>(keys.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const index = next++;
        const key = keys[index];
        const stats = await stat(this.objectPath(key)).catch(() => undefined);
        const sidecar = stats && (await this.readSidecar(key, stats));
        objects[index] = { key, size: stats?.size ?? 0, ...(sidecar ? { fingerprint: { algorithm: 'sha256', hex: sidecar.sha256 } } : {}) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(listConcurrency, keys.length) }, worker));
    return objects;
  }

  async replace(key: string, body: Buffer, meta: ObjectMeta, ifMatch: string | null): Promise<string> {
    const file = this.objectPath(key);
    const etag = this.checkedSha(key, body, meta);
    const temp = await this.stage(key, file, body);
    const release = await this.lock(file, key).catch(async (error) => {
      await unlink(temp).catch(() => undefined);
      throw error;
    });
    try {
      const current = await readFile(file).then(sha256, (error) => (errno(error) === 'ENOENT' ? null : Promise.reject(this.ioFailed('read', key, error))));
      if (current !== ifMatch) throw this.preconditionFailed(key, current, ifMatch);
      // When absent, link() rather than rename(): a concurrent create() of the key must not be
      // overwritten between our check and our write.
      await (ifMatch === null ? link(temp, file) : rename(temp, file)).catch(async (error) => {
        if (errno(error) === 'EEXIST') throw this.preconditionFailed(key, sha256(await readFile(file)), null);
        throw this.ioFailed('write', key, error);
      });
      await this.writeSidecar(key, file, meta, etag);
      return etag;
    } finally {
      await unlink(temp).catch(() => undefined);
      await release();
    }
  }

  /** Writes the body to a temp file beside the object's final name (same folder, same disk). */
  private async stage(key: string, file: string, body: Buffer): Promise<string> {
    try {
      await mkdir(dirname(file), { recursive: true });
      return await writeTemp(file, body);
    } catch (error) {
      throw this.ioFailed('write', key, error);
    }
  }

  async checkWritable(): Promise<void> {
    const probe = join(this.rootDir, `${tempPrefix}probe-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(this.rootDir, { recursive: true });
      await writeFile(probe, 'probe', { flag: 'wx' });
      await unlink(probe);
    } catch (error) {
      throw new TagdeployError(
        'STORE_UNAVAILABLE',
        `Store ${this.url} is not writable: cannot write in folder ${this.rootDir} (${(error as Error).message}). Create the folder or fix its permissions, or point "store" in ${settingsFile} at a folder you can write.`,
      );
    }
  }

  /** The file of a key; refuses keys that could escape the root or hit our own bookkeeping. */
  private objectPath(key: string): string {
    const segments = key.split('/');
    const bad = key.length === 0 || key.includes('\0') || key.includes('\\') ||
      segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith(tempPrefix) || s.startsWith(lockPrefix)) ||
      segments[0] === metaDir;
    if (bad) {
      throw new TagdeployError('INVALID_KEY', `"${key}" is not a valid key for store ${this.url}: keys are relative, "/"-separated, without empty, "." or ".." parts, and may not start with ${metaDir}/.`);
    }
    return join(this.rootDir, ...segments);
  }

  private checkedSha(key: string, body: Buffer, meta: ObjectMeta): string {
    const actual = sha256(body);
    if (meta.sha256 && meta.sha256 !== actual) {
      throw new TagdeployError(
        'CHECKSUM_MISMATCH',
        `The bytes for ${this.url}/${key} have sha256 ${actual}, not ${meta.sha256} as recorded; the file changed after it was read (is a build still writing?). Build again and rerun.`,
      );
    }
    return actual;
  }

  private sidecarPath(key: string): string {
    return join(this.rootDir, metaDir, ...key.split('/')) + '.json';
  }

  private async readSidecar(key: string, stats: { ino: number; size: number; mtimeMs: number }): Promise<Sidecar | undefined> {
    const text = await readFile(this.sidecarPath(key), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const sidecar = JSON.parse(text) as Sidecar;
      const same = sidecar.file?.ino === stats.ino && sidecar.size === stats.size && sidecar.file?.mtimeMs === stats.mtimeMs;
      return same ? sidecar : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeSidecar(key: string, file: string, meta: ObjectMeta, sha: string): Promise<void> {
    const stats = await stat(file);
    const sidecar: Sidecar = {
      contentType: meta.contentType,
      ...(meta.cacheControl !== undefined ? { cacheControl: meta.cacheControl } : {}),
      sha256: sha,
      size: stats.size,
      file: { ino: stats.ino, mtimeMs: stats.mtimeMs },
    };
    const path = this.sidecarPath(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = await writeTemp(path, Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`));
    await rename(temp, path).catch(async (error) => {
      await unlink(temp).catch(() => undefined);
      throw this.ioFailed('write', key, error);
    });
  }

  private async walk(dir: string, keys: string[]): Promise<void> {
    const entries = await readdir(dir ? join(this.rootDir, dir) : this.rootDir, { withFileTypes: true }).catch((error) => {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return [];
      throw this.ioFailed('list', dir, error);
    });
    for (const entry of entries) {
      if (entry.name.startsWith(tempPrefix) || entry.name.startsWith(lockPrefix)) continue;
      if (!dir && entry.name === metaDir) continue;
      const key = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await this.walk(key, keys);
      else if (entry.isFile()) keys.push(key);
    }
  }

  /** Takes the key's lock file (O_CREAT|O_EXCL), waiting for another writer up to the timeout. */
  private async lock(file: string, key: string): Promise<() => Promise<void>> {
    const path = join(dirname(file), `${lockPrefix}${basename(file)}`);
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
      try {
        const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
        await handle.writeFile(`${process.pid}\n`);
        await handle.close();
        return () => unlink(path).catch(() => undefined);
      } catch (error) {
        if (errno(error) !== 'EEXIST') throw this.ioFailed('lock', key, error);
        if (Date.now() >= deadline) {
          throw new TagdeployError(
            'STORE_UNAVAILABLE',
            `${this.url}/${key} is locked by another writer (lock file ${path}) for more than ${this.lockTimeoutMs} ms. If no tagdeploy command is running, a crashed one left it: delete that file and retry.`,
          );
        }
        await sleep(wait + Math.random() * wait);
      }
    }
  }

  private preconditionFailed(key: string, current: string | null, ifMatch: string | null): TagdeployError {
    const what = current === null
      ? `does not exist (expected etag ${ifMatch})`
      : ifMatch === null
        ? `already exists (etag ${current}) but was expected to be absent`
        : `has changed (etag ${current}, expected ${ifMatch})`;
    return new TagdeployError('PRECONDITION_FAILED', `${this.url}/${key} ${what}: someone else wrote it first. Read it again and retry.`);
  }

  private ioFailed(action: string, key: string, error: unknown): TagdeployError {
    return new TagdeployError('STORE_UNAVAILABLE', `Could not ${action} ${this.url}/${key} in folder ${this.rootDir}: ${(error as Error).message}. Check that the folder exists and is writable.`);
  }
}

async function writeTemp(besideFile: string, body: Buffer): Promise<string> {
  const temp = join(dirname(besideFile), `${tempPrefix}${randomBytes(8).toString('hex')}`);
  await writeFile(temp, body, { flag: 'wx' });
  return temp;
}

function toHead(sidecar: Sidecar): ObjectHead {
  return {
    contentType: sidecar.contentType,
    ...(sidecar.cacheControl !== undefined ? { cacheControl: sidecar.cacheControl } : {}),
    sha256: sidecar.sha256,
    size: sidecar.size,
    etag: sidecar.sha256,
  };
}
