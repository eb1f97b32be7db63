// ImageStorage over OCI image-layout folders: one layout per repository under `root`
// (<root>/<repository>/{oci-layout,index.json,blobs/sha256/…}); a tag is an index.json entry with
// the org.opencontainers.image.ref.name annotation, so skopeo and buildah read it as
// oci:<root>/<repository>:<tag>. Tags are create-only; index.json changes under a lock file.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertImageName } from './assert-image-name';
import { containerError, tagExists } from './container-error';
import type { ImageStorage } from './image-ports';
import { mediaTypeOf, DIGEST_PATTERN, sha256Digest, type Descriptor, type ImageIndex, type StoredManifest } from './oci-types';

const REF_NAME = 'org.opencontainers.image.ref.name';
const LOCK_WAIT_MS = 15_000;
const LOCK_STALE_MS = 60_000;

export class OciLayoutRegistry implements ImageStorage {
  readonly location: string;

  /** `root` is absolute; `display` is how messages name it (default "oci:<root>"). */
  constructor(
    private readonly root: string,
    display?: string,
  ) {
    this.location = display ?? `oci:${root}`;
  }

  async checkReachable(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, 2 /* W_OK */);
    } catch (error) {
      throw containerError('REGISTRY_UNAVAILABLE', `The image layout folder ${this.root} (${this.location}) cannot be written: ${(error as Error).message}. Check the "registry" option and the folder's permissions.`);
    }
  }

  async resolveDigest(repository: string, tag: string): Promise<string | undefined> {
    return (await this.findTag(repository, tag))?.digest;
  }

  async readManifest(repository: string, reference: string): Promise<StoredManifest | undefined> {
    const descriptor = DIGEST_PATTERN.test(reference) ? undefined : await this.findTag(repository, reference);
    const digest = descriptor?.digest ?? (DIGEST_PATTERN.test(reference) ? reference : undefined);
    if (!digest) return undefined;
    const bytes = await readFile(this.blobPath(repository, digest)).catch(ifMissing(undefined));
    return bytes && { digest, bytes, mediaType: descriptor?.mediaType ?? mediaTypeOf(bytes) };
  }

  async putTag(repository: string, digest: string, tag: string): Promise<'created' | 'exists'> {
    assertImageName(repository, tag);
    const manifest = await this.readManifest(repository, digest);
    if (!manifest) throw containerError('IMAGE_INVALID', `No manifest ${digest} in ${this.location}/${repository}: push the image before tagging it.`);
    return this.withLock(repository, async () => {
      const index = await this.readIndex(repository);
      const existing = index.manifests.find((entry) => entry.annotations?.[REF_NAME] === tag);
      if (existing?.digest === digest) return 'exists';
      if (existing) throw tagExists(`${this.location}/${repository}:${tag}`, existing.digest, digest);
      index.manifests.push({ mediaType: manifest.mediaType, digest, size: manifest.bytes.length, annotations: { [REF_NAME]: tag } });
      await writeAtomically(join(this.dir(repository), 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
      return 'created';
    });
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    return stat(this.blobPath(repository, digest)).then(() => true, ifMissing(false));
  }

  async openBlob(repository: string, digest: string): Promise<Readable | undefined> {
    if (!(await this.hasBlob(repository, digest))) return undefined;
    return createReadStream(this.blobPath(repository, digest));
  }

  async putBlob(repository: string, digest: string, _size: number, openBody: () => Readable): Promise<void> {
    const target = this.blobPath(repository, digest);
    if (await this.hasBlob(repository, digest)) return;
    await this.ensureLayout(repository);
    const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const hash = createHash('sha256');
    const body = openBody();
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    try {
      await pipeline(body, createWriteStream(temporary));
      const actual = `sha256:${hash.digest('hex')}`;
      if (actual !== digest) throw containerError('IMAGE_INVALID', `Blob for ${repository} has digest ${actual}, expected ${digest}.`);
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async putManifest(repository: string, manifest: StoredManifest): Promise<string> {
    const digest = sha256Digest(manifest.bytes);
    await this.putBlob(repository, digest, manifest.bytes.length, () => bufferStream(manifest.bytes));
    return digest;
  }

  /** Every manifest the layout's index.json lists (tagged or not). */
  async readIndexEntries(repository: string): Promise<Descriptor[]> {
    return (await this.readIndex(repository)).manifests;
  }

  private dir(repository: string): string {
    assertImageName(repository);
    return join(this.root, repository);
  }

  private blobPath(repository: string, digest: string): string {
    if (!DIGEST_PATTERN.test(digest)) throw containerError('IMAGE_INVALID', `"${digest}" is not a sha256 digest.`);
    return join(this.dir(repository), 'blobs', 'sha256', digest.slice('sha256:'.length));
  }

  private async findTag(repository: string, tag: string): Promise<Descriptor | undefined> {
    return (await this.readIndex(repository)).manifests.find((entry) => entry.annotations?.[REF_NAME] === tag);
  }

  private async readIndex(repository: string): Promise<ImageIndex> {
    const text = await readFile(join(this.dir(repository), 'index.json'), 'utf8').catch(ifMissing(undefined));
    if (text === undefined) return { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] };
    try {
      return JSON.parse(text) as ImageIndex;
    } catch {
      throw containerError('IMAGE_INVALID', `${join(this.dir(repository), 'index.json')} is not valid JSON: the image layout is damaged. Restore it from a backup; tagdeploy will not rewrite it.`);
    }
  }

  private async ensureLayout(repository: string): Promise<void> {
    const dir = this.dir(repository);
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}\n', { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }

  private async withLock<T>(repository: string, work: () => Promise<T>): Promise<T> {
    await this.ensureLayout(repository);
    const lock = join(this.dir(repository), 'index.json.lock');
    const started = Date.now();
    for (;;) {
      try {
        await (await open(lock, 'wx')).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > LOCK_STALE_MS) await rm(lock, { force: true });
        else if (Date.now() - started > LOCK_WAIT_MS) throw containerError('REGISTRY_UNAVAILABLE', `${lock} has been held for ${Math.round(age / 1000)} s by another tagdeploy process. If none is running, delete the file.`);
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    try {
      return await work();
    } finally {
      await rm(lock, { force: true });
    }
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(temporary, text);
  await rename(temporary, path);
}

const ifMissing =
  <T>(value: T) =>
  (error: NodeJS.ErrnoException): T => {
    if (error.code === 'ENOENT') return value;
    throw error;
  };

const bufferStream = (bytes: Buffer): Readable => Readable.from([bytes]);
