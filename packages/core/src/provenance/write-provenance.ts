// At the seal, just before release.json: signs the release's provenance and stores the bundle
// beside release.json (and attaches it to the image of a container release). A bundle left by an
// interrupted run of this release (never sealed) is replaced: it signed another release.json.
import { createHash } from 'node:crypto';
import { isTagdeployError } from '../errors/tagdeploy-error';
import type { ReleasePlan } from '../plan/release-plan';
import type { Reporter } from '../release/ports';
import type { ReleaseManifest } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { locateReleaseImage } from '../gitops/locate-release-image';
import type { ImageStorage } from '../container/image-ports';
import type { RegistryAccessOptions } from '../container/resolve-image-registry';
import { attachImageProvenance } from './attach-image-provenance';
import { buildProvenanceStatement, stripCredentials } from './build-provenance-statement';
import { provenanceKey } from './provenance-statement';
import type { SigningKey } from './read-signing-key';
import { signProvenance } from './sign-provenance';

/** What the seal calls when signing is configured (built by the command layer, which read the key before the claim). */
export interface ProvenanceWriter {
  write(release: ReleasePlan, manifest: ReleaseManifest, manifestBody: Buffer): Promise<void>;
}

export interface ProvenanceWriterPorts {
  key: SigningKey;
  store: ObjectStore;
  reporter: Reporter;
  workspaceRoot: string;
  registryAccess?: RegistryAccessOptions;
}

export function createProvenanceWriter(ports: ProvenanceWriterPorts): ProvenanceWriter {
  return {
    async write(release, manifest, manifestBody) {
      const statement = buildProvenanceStatement({
        manifest,
        manifestBody,
        buildTarget: release.buildTarget,
        repository: release.clone.remote ? stripCredentials(release.clone.remote) : null,
      });
      const bundle = Buffer.from(`${JSON.stringify(await signProvenance(statement, ports.key), null, 2)}\n`);
      const key = provenanceKey(release.product, release.version);
      await storeBundle(ports.store, key, bundle);
      ports.reporter.info(`signed provenance of ${release.tag} (key ${ports.key.keyId.slice(0, 16)}…): ${ports.store.url}/${key}`);
      if (manifest.image) {
        const located = locateReleaseImage(manifest.image.repository, ports.workspaceRoot, ports.registryAccess);
        // Every registry adapter is an ImageStorage; the locator only promises the read side.
        const attached = await attachImageProvenance(located.registry as ImageStorage, located.repository, manifest.image.digest, bundle);
        if (attached === 'tag-taken') ports.reporter.warn(`${manifest.image.repository} already has a provenance attachment from an earlier run of ${release.tag}; the bundle beside release.json is the one release-verify reads`);
        else ports.reporter.info(`attached the provenance bundle to ${manifest.image.repository}@${manifest.image.digest}`);
      }
    },
  };
}

async function storeBundle(store: ObjectStore, key: string, bundle: Buffer): Promise<void> {
  const meta = { contentType: 'application/json', cacheControl: 'no-cache', sha256: createHash('sha256').update(bundle).digest('hex') };
  try {
    await store.create(key, bundle, meta);
  } catch (error) {
    if (!isTagdeployError(error) || error.code !== 'OBJECT_CONFLICT') throw error;
    const stale = await store.head(key);
    await store.replace(key, bundle, meta, stale?.etag ?? null);
  }
}
