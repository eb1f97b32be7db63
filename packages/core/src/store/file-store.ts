// The embedded object store: a folder that stays browsable. Object `key` is the file
// `<root>/<key>`; its metadata is the sidecar `<root>/.meta/<key>.json`. Create-if-absent uses
// link(2) (atomic, fails with EEXIST); compare-and-swap takes a per-key lock file (file-lock.ts:
// it names its holder, and a dead holder's lock is taken over), so both hold across processes on
// one machine. Temp files that killed writers leave are removed when provably stale (temp-files.ts).
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, realpath, rename, rmdir, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { contentTypeFor } from './content-type';
import { checksumMismatch, copySourceMismatch, copySourceMissing } from './copy-errors';
import { invalidKey, keyProblem } from './key-rules';
import type { CreateResult, ListedObject, ObjectBody, ObjectDigest, ObjectHead, ObjectMeta, ObjectStore, WriteProblem } from './object-store';
import { copyFileHashing, hashFile } from './stream-file';
import { settingsFile } from '../commands/spelling';
import { crashPoint } from '../release/crash-point';
import { acquireFileLock, lockPrefix } from './file-lock';
import { sweepStaleTemps, tempBeside, tempPrefix } from './temp-files';

const metaDir = '.meta';
/** Files stat'ed at once by listObjects (enough to hide latency, far below the fd limit). */
const listConcurrency = 32;
/** File bodies from this size on are copied as a stream; smaller ones are read whole (faster). */
const streamFromBytes = 8 * 1024 * 1024;
/** NAME_MAX of common filesystems, less the ".json" that the sidecar adds to the last part. */
const maxSegmentBytes = 255 - '.json'.length;
/** PATH_MAX on Linux, terminating NUL included. */
const maxPathBytes = 4095;

/** The sidecar: the object's metadata, bound to the file it describes by inode, size and mtime. */
interface Sidecar extends ObjectMeta {
  size: number;
  file: { ino: number; mtimeMs: number };
}

export interface FileStoreOptions {
  /** How long replace() waits for another writer's lock before giving up. */
  lockTimeoutMs?: number;
  /** A lock this old is taken over whoever holds it (default 60 s; a swap holds it for milliseconds). */
  staleLockMs?: number;
}

const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');
const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException)?.code;

export class FileStore implements ObjectStore {
  readonly concurrency = 8;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  /** Folders whose stale temp files this instance has removed already (once each). */
  private readonly swept = new Set<string>();

  constructor(
    readonly rootDir: string,
    readonly url: string,
    options: FileStoreOptions = {},
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 60_000;
  }

  async create(key: string, body: ObjectBody, meta: ObjectMeta): Promise<CreateResult> {
    const file = this.objectPath(key);
    await this.sweepOnce(key, file);
    const staged = await this.stageBody(key, file, body);
    return this.linkStaged(key, file, staged, meta, () => checksumMismatch(this.url, key, staged.sha, meta.sha256));
  }

  /** Makes the staged temp file the object, unless the key is taken (then 'exists' or OBJECT_CONFLICT). */
  private async linkStaged(key: string, file: string, staged: Staged, meta: ObjectMeta, mismatch: () => TagdeployError): Promise<CreateResult> {
    const { temp, sha: actual } = staged;
    try {
      if (meta.sha256 && meta.sha256 !== actual) throw mismatch();
      const taken = await link(temp, file).then(
        () => false,
        (error) => (errno(error) === 'EEXIST' ? true : Promise.reject(this.ioFailed('write', key, error))),
      );
      if (taken) return await this.existingObject(key, file, meta, actual);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await this.writeSidecar(key, file, meta, actual);
    return 'created';
  }

  /** The object at a taken key: ours ('exists') or a conflict. */
  private async existingObject(key: string, file: string, meta: ObjectMeta, actual: string): Promise<CreateResult> {
    const existing = (await hashFile(file)).sha256;
    if (existing !== actual) {
      throw new TagdeployError(
        'OBJECT_CONFLICT',
        `${this.url}/${key} already exists with other bytes (sha256 ${existing}, new ${actual}). A release is never overwritten: publish a new version instead, or remove the release folder by hand if it was never deployed.`,
      );
    }
    // A crash between the object and its sidecar leaves no meta: write it now.
    if (!(await this.readSidecar(key, await stat(file)))) await this.writeSidecar(key, file, meta, actual);
    return 'exists';
  }

  /** A folder has no server-side copy: stream the source into the target, checking its sha256 on the way. */
  async copy(fromKey: string, toKey: string, meta: ObjectMeta): Promise<CreateResult> {
    const source = await this.head(fromKey);
    if (!source) throw copySourceMissing(this.url, fromKey, toKey);
    if (source.sha256 !== meta.sha256) throw copySourceMismatch(this.url, fromKey, toKey, source.sha256, meta.sha256);
    const file = this.objectPath(toKey);
    const staged = await this.stageBody(toKey, file, { path: this.objectPath(fromKey), size: source.size });
    return this.linkStaged(toKey, file, staged, meta, () => copySourceMismatch(this.url, fromKey, toKey, staged.sha, meta.sha256));
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    const file = this.objectPath(key);
    const stats = await stat(file).catch((error) => (errno(error) === 'ENOENT' ? undefined : Promise.reject(this.ioFailed('read', key, error))));
    if (!stats?.isFile()) return undefined;
    const sidecar = await this.readSidecar(key, stats);
    if (sidecar) return toHead(sidecar);
    // No sidecar, or one describing an earlier file: the bytes are the truth (streamed: any size).
    const digest = await hashFile(file).catch((error) => (errno(error) === 'ENOENT' ? undefined : Promise.reject(this.ioFailed('read', key, error))));
    return digest && { contentType: contentTypeFor(key), sha256: digest.sha256, size: digest.size, etag: digest.sha256 };
  }

  async delete(key: string): Promise<void> {
    const file = this.objectPath(key);
    const gone = (error: unknown) => (errno(error) === 'ENOENT' ? undefined : Promise.reject(this.ioFailed('write', key, error)));
    await unlink(file).catch(gone);
    await unlink(this.sidecarPath(key)).catch(gone);
    // Empty folders left behind would list as a release folder (an "unsealed" version) forever.
    for (let dir = dirname(file); dir.startsWith(this.rootDir + sep); dir = dirname(dir)) {
      if (!(await rmdir(dir).then(() => true, () => false))) break;
    }
  }

  async digest(key: string): Promise<ObjectDigest | undefined> {
    const file = this.objectPath(key);
    return hashFile(file).catch((error) => (errno(error) === 'ENOENT' || errno(error) === 'EISDIR' ? undefined : Promise.reject(this.ioFailed('read', key, error))));
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

  async listFolders(prefix: string): Promise<string[]> {
    if (prefix !== '' && !prefix.endsWith('/')) throw invalidKey(this.url, prefix, 'does not end with "/" (a folder to list must)');
    const dir = prefix.slice(0, -1);
    if (dir) this.objectPath(dir);
    const folders: string[] = [];
    for (const entry of await this.entries(dir)) {
      const key = dir ? `${dir}/${entry.name}` : entry.name;
      // Like S3, a folder is there when it holds an object (a killed writer may leave an empty one).
      if (entry.isDirectory() && (await this.holdsObject(key))) folders.push(entry.name);
    }
    return folders.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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
    await this.sweepOnce(key, file);
    const temp = await this.stage(key, file, body);
    crashPoint('swap-staged', 1);
    const lock = await this.lock(file, key).catch(async (error) => {
      await unlink(temp).catch(() => undefined);
      throw error;
    });
    try {
      crashPoint('swap-locked', 1);
      const current = await readFile(file).then(sha256, (error) => (errno(error) === 'ENOENT' ? null : Promise.reject(this.ioFailed('read', key, error))));
      if (current !== ifMatch) throw this.preconditionFailed(key, current, ifMatch);
      await lock.verify();
      // When absent, link() rather than rename(): a concurrent create() of the key must not be
      // overwritten between our check and our write.
      await (ifMatch === null ? link(temp, file) : rename(temp, file)).catch(async (error) => {
        if (errno(error) === 'EEXIST') throw this.preconditionFailed(key, sha256(await readFile(file)), null);
        throw this.ioFailed('write', key, error);
      });
      crashPoint('swap-renamed', 1);
      await this.writeSidecar(key, file, meta, etag);
      crashPoint('swap-sidecar', 1);
      return etag;
    } finally {
      await unlink(temp).catch(() => undefined);
      await lock.release();
    }
  }

  /** Stages any body beside the object's final name; a large file is copied as a stream, hashed on the way. */
  private async stageBody(key: string, file: string, body: ObjectBody): Promise<Staged> {
    if (Buffer.isBuffer(body)) return { temp: await this.stage(key, file, body), sha: sha256(body) };
    if (body.size < streamFromBytes) {
      const bytes = await readFile(body.path).catch((error) => Promise.reject(this.ioFailed('read the bytes for', key, error)));
      return { temp: await this.stage(key, file, bytes), sha: sha256(bytes) };
    }
    const temp = tempBeside(file);
    try {
      await mkdir(dirname(file), { recursive: true });
      return { temp, sha: (await copyFileHashing(body.path, temp)).sha256 };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw this.ioFailed('write', key, error);
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

  /**
   * Keys that no folder holds safely, sizes beyond the free space of its filesystem, and a source
   * folder inside the store or around it (publishing it would read what it writes).
   */
  async findWriteProblems(objects: readonly { key: string; size: number }[], sourceDir?: string): Promise<WriteProblem[]> {
    const problems: WriteProblem[] = [];
    for (const { key } of objects) {
      const why = this.keyProblemHere(key);
      if (why) problems.push({ key, problem: why });
    }
    if (sourceDir) {
      const [source, root] = await Promise.all([realOrResolved(sourceDir), realOrResolved(this.rootDir)]);
      if (isInside(source, root) || isInside(root, source)) {
        problems.push({ problem: `the folder ${sourceDir} overlaps the store's folder ${this.rootDir}: publishing would read what it writes. Build into a folder outside the store, or move the store` });
      }
    }
    const space = await freeSpace(this.rootDir);
    if (space) {
      // Every object and its sidecar take whole blocks.
      const blocks = (size: number) => (Math.ceil(size / space.blockSize) + 1) * space.blockSize;
      const needed = objects.reduce((sum, { size }) => sum + blocks(size), 0);
      if (needed > space.free) {
        problems.push({ problem: `needs ${formatBytes(needed)} but the filesystem of ${this.rootDir} has ${formatBytes(space.free)} free. Free some space, or point the store at a larger disk` });
      }
    }
    return problems;
  }

  /** The file of a key; refuses keys that could escape the root, hit our own bookkeeping, or exceed the filesystem's name limits. */
  private objectPath(key: string): string {
    const why = this.keyProblemHere(key);
    if (why) throw invalidKey(this.url, key, why);
    return join(this.rootDir, ...key.split('/'));
  }

  private keyProblemHere(key: string): string | undefined {
    const common = keyProblem(key);
    if (common) return common;
    const segments = key.split('/');
    if (segments[0] === metaDir) return `starts with ${metaDir}/, the store's metadata folder`;
    if (segments.some((s) => s.startsWith(tempPrefix) || s.startsWith(lockPrefix))) return `has a part starting with ${tempPrefix} or ${lockPrefix}, names the store keeps for itself`;
    const long = segments.find((s) => Buffer.byteLength(s) > maxSegmentBytes);
    if (long) return `has a part of ${Buffer.byteLength(long)} bytes; a folder store takes at most ${maxSegmentBytes} bytes (UTF-8) per "/"-separated part`;
    const path = Buffer.byteLength(this.sidecarPath(key));
    if (path > maxPathBytes) return `makes a path of ${path} bytes under ${this.rootDir}; the filesystem takes at most ${maxPathBytes}`;
    return undefined;
  }

  private checkedSha(key: string, body: Buffer, meta: ObjectMeta): string {
    const actual = sha256(body);
    if (meta.sha256 && meta.sha256 !== actual) throw checksumMismatch(this.url, key, actual, meta.sha256);
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
    for (const entry of await this.entries(dir)) {
      const key = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await this.walk(key, keys);
      else if (entry.isFile()) keys.push(key);
    }
  }

  /** Whether a folder holds an object at any depth; stops at the first (a release folder's release.json, usually). */
  private async holdsObject(dir: string): Promise<boolean> {
    const entries = await this.entries(dir);
    if (entries.some((entry) => entry.isFile())) return true;
    for (const entry of entries) if (entry.isDirectory() && (await this.holdsObject(`${dir}/${entry.name}`))) return true;
    return false;
  }

  /** A folder's entries that are objects or folders of objects: no temp files, locks or sidecars. */
  private async entries(dir: string) {
    const entries = await readdir(dir ? join(this.rootDir, dir) : this.rootDir, { withFileTypes: true }).catch((error) => {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return [];
      throw this.ioFailed('list', dir, error);
    });
    return entries.filter((entry) => !entry.name.startsWith(tempPrefix) && !entry.name.startsWith(lockPrefix) && (dir !== '' || entry.name !== metaDir));
  }

  /** Takes the key's lock file (file-lock.ts), waiting for a live writer up to the timeout and taking over a dead one's. */
  private lock(file: string, key: string) {
    return acquireFileLock(join(dirname(file), `${lockPrefix}${basename(file)}`), {
      what: `${this.url}/${key}`,
      timeoutMs: this.lockTimeoutMs,
      staleAfterMs: this.staleLockMs,
      ioFailed: (action, error) => this.ioFailed(action, key, error),
    });
  }

  /** Removes, once per folder and instance, the temp files that killed writers left beside the key and its sidecar. */
  private async sweepOnce(key: string, file: string): Promise<void> {
    for (const dir of [dirname(file), dirname(this.sidecarPath(key))]) {
      if (this.swept.has(dir)) continue;
      this.swept.add(dir);
      await sweepStaleTemps(dir);
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

/** A temp file staged beside an object and the sha256 of its bytes. */
interface Staged {
  temp: string;
  sha: string;
}

async function writeTemp(besideFile: string, body: Buffer): Promise<string> {
  const temp = tempBeside(besideFile);
  await writeFile(temp, body, { flag: 'wx' });
  return temp;
}

/** The real path of a folder, or (when it does not exist yet) its absolute path. */
const realOrResolved = (dir: string): Promise<string> => realpath(dir).catch(() => resolve(dir));

function isInside(path: string, folder: string): boolean {
  const inside = relative(folder, path);
  return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !inside.startsWith(sep));
}

/** Free bytes for an unprivileged writer on the filesystem that holds (or will hold) `dir`; undefined when unknown. */
async function freeSpace(dir: string): Promise<{ free: number; blockSize: number } | undefined> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const stats = await statfs(at).catch(() => undefined);
    if (stats) return { free: stats.bavail * stats.bsize, blockSize: stats.bsize };
    if (dirname(at) === at) return undefined;
  }
}

const formatBytes = (bytes: number): string => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`);

function toHead(sidecar: Sidecar): ObjectHead {
  return {
    contentType: sidecar.contentType,
    ...(sidecar.cacheControl !== undefined ? { cacheControl: sidecar.cacheControl } : {}),
    sha256: sidecar.sha256,
    size: sidecar.size,
    etag: sidecar.sha256,
  };
}
