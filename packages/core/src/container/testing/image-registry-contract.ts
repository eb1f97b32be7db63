// The contract every ImageStorage adapter passes, against the real thing (a layout folder,
// Debian's docker-registry). Usage: describeImageRegistryContract('name', async () => ({ storage, cleanup })).
import { text } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTagdeployError, type TagdeployError } from '../../errors/tagdeploy-error';
import type { ImageStorage } from '../image-ports';
import { sha256Digest } from '../oci-types';
import { aRepository, anImage, pushUntagged } from './image-builders';

export interface RegistryUnderTest {
  storage: ImageStorage;
  cleanup: () => Promise<void>;
}

export async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

export function describeImageRegistryContract(name: string, makeRegistry: () => Promise<RegistryUnderTest>): void {
  describe(`ImageRegistry contract: ${name}`, () => {
    let made: RegistryUnderTest;
    let storage: ImageStorage;
    beforeAll(async () => {
      made = await makeRegistry();
      storage = made.storage;
    });
    afterAll(() => made?.cleanup());

    it('is reachable', async () => {
      await expect(storage.checkReachable()).resolves.toBeUndefined();
    });

    it('resolves an absent tag, in an absent repository, to undefined', async () => {
      expect(await storage.resolveDigest(aRepository(), '1.0.0')).toBeUndefined();
      expect(await storage.readManifest(aRepository(), '1.0.0')).toBeUndefined();
    });

    it('tags a pushed manifest and resolves the tag to its digest', async () => {
      const repository = aRepository();
      const image = anImage('tagged');
      await pushUntagged(storage, repository, image);
      expect(await storage.resolveDigest(repository, '1.0.0')).toBeUndefined();
      expect(await storage.putTag(repository, image.digest, '1.0.0')).toBe('created');
      expect(await storage.resolveDigest(repository, '1.0.0')).toBe(image.digest);
    });

    it('reads the exact manifest bytes by tag and by digest', async () => {
      const repository = aRepository();
      const image = anImage('read back');
      await pushUntagged(storage, repository, image);
      await storage.putTag(repository, image.digest, '0.1.0');
      for (const reference of ['0.1.0', image.digest]) {
        const manifest = await storage.readManifest(repository, reference);
        expect(manifest?.digest).toBe(image.digest);
        expect(manifest?.bytes.equals(image.manifest.bytes)).toBe(true);
        expect(manifest?.mediaType).toBe(image.manifest.mediaType);
      }
    });

    it('adds a second tag to the same manifest without moving the first', async () => {
      const repository = aRepository();
      const image = anImage('two tags');
      await pushUntagged(storage, repository, image);
      await storage.putTag(repository, image.digest, '1.0.0');
      expect(await storage.putTag(repository, image.digest, 'stable')).toBe('created');
      expect(await storage.resolveDigest(repository, 'stable')).toBe(image.digest);
      expect(await storage.resolveDigest(repository, '1.0.0')).toBe(image.digest);
    });

    it('says "exists" when the tag already points at the same digest', async () => {
      const repository = aRepository();
      const image = anImage('again');
      await pushUntagged(storage, repository, image);
      await storage.putTag(repository, image.digest, '1.0.0');
      expect(await storage.putTag(repository, image.digest, '1.0.0')).toBe('exists');
    });

    it('refuses to move a tag to another digest and leaves it where it was', async () => {
      const repository = aRepository();
      const first = anImage('first');
      const second = anImage('second');
      await pushUntagged(storage, repository, first);
      await pushUntagged(storage, repository, second);
      await storage.putTag(repository, first.digest, '1.0.0');
      const error = await failure(storage.putTag(repository, second.digest, '1.0.0'));
      expect(error.code).toBe('IMAGE_TAG_EXISTS');
      expect(error.message).toContain(first.digest);
      expect(error.message).toContain(second.digest);
      expect(await storage.resolveDigest(repository, '1.0.0')).toBe(first.digest);
    });

    it('refuses to tag a digest the repository does not hold', async () => {
      const repository = aRepository();
      const error = await failure(storage.putTag(repository, anImage('never pushed').digest, '1.0.0'));
      expect(error.code).toBe('IMAGE_INVALID');
      expect(await storage.resolveDigest(repository, '1.0.0')).toBeUndefined();
    });

    it('stores blobs by digest and streams them back', async () => {
      const repository = aRepository();
      const bytes = Buffer.from('some layer bytes');
      const digest = sha256Digest(bytes);
      expect(await storage.hasBlob(repository, digest)).toBe(false);
      expect(await storage.openBlob(repository, digest)).toBeUndefined();
      await storage.putBlob(repository, digest, bytes.length, () => Readable.from([bytes]));
      expect(await storage.hasBlob(repository, digest)).toBe(true);
      expect(await text((await storage.openBlob(repository, digest))!)).toBe('some layer bytes');
    });

    it('rejects a blob whose bytes do not match its digest', async () => {
      const repository = aRepository();
      const claimed = sha256Digest(Buffer.from('claimed'));
      const error = await failure(storage.putBlob(repository, claimed, 5, () => Readable.from([Buffer.from('other')])));
      expect(['IMAGE_INVALID', 'REGISTRY_ERROR']).toContain(error.code);
      expect(await storage.hasBlob(repository, claimed)).toBe(false);
    });

    it('refuses names that are not valid repository names or tags', async () => {
      expect((await failure(storage.resolveDigest('../escape', '1.0.0'))).code).toBe('INVALID_CONFIG');
      expect((await failure(storage.putTag(aRepository(), anImage('x').digest, 'bad tag'))).code).toBe('INVALID_CONFIG');
    });
  });
}
