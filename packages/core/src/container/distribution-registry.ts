// ImageStorage over a registry that speaks the OCI distribution API (docker-registry, ghcr.io,
// ECR, …). Tags are create-only here too: the registry would let a PUT move a tag, so putTag
// looks first and refuses (a race between two publishers of one version is closed earlier, by
// claiming the git tag).
import type { Readable } from 'node:stream';
import { assertImageName } from './assert-image-name';
import { containerError, tagExists } from './container-error';
import type { ImageStorage } from './image-ports';
import { OciDistributionClient, type DistributionClientOptions } from './oci-distribution-client';
import type { StoredManifest } from './oci-types';

export class DistributionRegistry implements ImageStorage {
  readonly location: string;
  readonly client: OciDistributionClient;

  constructor(options: DistributionClientOptions) {
    this.client = new OciDistributionClient(options);
    this.location = options.host;
  }

  checkReachable(): Promise<void> {
    return this.client.ping();
  }

  async resolveDigest(repository: string, tag: string): Promise<string | undefined> {
    assertImageName(repository, tag);
    return (await this.client.headManifest(repository, tag))?.digest;
  }

  readManifest(repository: string, reference: string): Promise<StoredManifest | undefined> {
    assertImageName(repository);
    return this.client.getManifest(repository, reference);
  }

  async putTag(repository: string, digest: string, tag: string): Promise<'created' | 'exists'> {
    assertImageName(repository, tag);
    const existing = await this.resolveDigest(repository, tag);
    if (existing === digest) return 'exists';
    if (existing) throw tagExists(`${this.location}/${repository}:${tag}`, existing, digest);
    const manifest = await this.client.getManifest(repository, digest);
    if (!manifest) throw containerError('IMAGE_INVALID', `No manifest ${digest} in ${this.location}/${repository}: push the image before tagging it.`);
    const reported = await this.client.putManifest(repository, tag, manifest);
    if (reported !== digest) throw containerError('REGISTRY_ERROR', `${this.location} stored ${repository}:${tag} as ${reported}, expected ${digest}.`);
    return 'created';
  }

  hasBlob(repository: string, digest: string): Promise<boolean> {
    return this.client.hasBlob(repository, digest);
  }

  openBlob(repository: string, digest: string): Promise<Readable | undefined> {
    return this.client.getBlob(repository, digest);
  }

  async putBlob(repository: string, digest: string, size: number, open: () => Readable): Promise<void> {
    if (await this.client.hasBlob(repository, digest, `repository:${repository}:pull,push`)) return;
    await this.client.uploadBlob(repository, digest, size, open);
  }

  putManifest(repository: string, manifest: StoredManifest): Promise<string> {
    return this.client.putManifest(repository, manifest.digest, manifest);
  }
}
