// Checks a sealed release against its signed provenance: the bundle's signature with the
// configured public key, release.json's bytes against the statement (so an edited release.json is
// caught), the statement's subjects against what release.json lists, the image in the registry
// (the version tag still names the signed digest, whose manifest bytes hash to it), and, unless
// the caller already did, every stored byte (hashed, never taken from metadata). Throws at the
// first problem, with what was found and what to do.
import { createHash } from 'node:crypto';
import { command } from '../commands/spelling';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { ImageRegistry } from '../container/image-ports';
import { verifyRelease } from '../env/verify-release';
import { readReleaseManifest } from '../env/read-release-manifest';
import type { Reporter } from '../release/ports';
import { manifestKey, type ReleaseManifest } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { artifactSubjects } from './build-provenance-statement';
import { MANIFEST_SUBJECT, provenanceKey, type ProvenanceStatement } from './provenance-statement';
import type { VerificationKey } from './read-signing-key';
import { verifyProvenanceBundle } from './verify-provenance-bundle';

export interface ProvenanceCheck {
  store: ObjectStore;
  product: string;
  version: string;
  key: VerificationKey;
  /** Finds the registry of a container release's image (the pullable name release.json records). */
  images?: (pullName: string) => { registry: ImageRegistry; repository: string };
  /** false: the caller hashed the stored bytes against release.json already (deploy's own check). */
  hashFiles: boolean;
  reporter?: Reporter;
}

export interface VerifiedProvenance {
  manifest: ReleaseManifest;
  statement: ProvenanceStatement;
  keyId: string;
}

export async function verifyReleaseProvenance(check: ProvenanceCheck): Promise<VerifiedProvenance> {
  const { store, product, version, key } = check;
  const where = `${product} ${version}`;
  const sealed = await store.get(manifestKey(product, version));
  if (!sealed) throw new TagdeployError('UNSEALED_RELEASE', `${where} is not sealed: ${store.url}/${manifestKey(product, version)} is missing, so there is nothing to verify. Run "${command('release', product)}" to finish it.`);
  const bundle = await store.get(provenanceKey(product, version));
  if (!bundle) {
    throw new TagdeployError(
      'RELEASE_UNSIGNED',
      `${where} has no signed provenance (${store.url}/${provenanceKey(product, version)} is missing): it was released without a signing key, or the bundle was deleted. Release a new version with signing.key set, or deploy a signed release.`,
    );
  }
  const statement = verifyProvenanceBundle(bundle.body, key, `${where} (${store.url}/${provenanceKey(product, version)})`);
  const signedManifest = statement.subject.find((subject) => subject.name === MANIFEST_SUBJECT)?.digest.sha256;
  const actual = createHash('sha256').update(sealed.body).digest('hex');
  if (signedManifest !== actual) {
    throw mismatch(where, `release.json (${store.url}/${manifestKey(product, version)}) is not the one that was signed (sha256 ${actual}, signed ${signedManifest ?? 'none'}): it was edited after the release`);
  }
  const manifest = await readReleaseManifest(store, product, version);
  if (!manifest) throw new TagdeployError('UNSEALED_RELEASE', `${where}: release.json disappeared while it was verified. Run the verification again.`);
  checkSubjects(where, statement, manifest);
  if (manifest.image) await checkImage(where, manifest, check);
  if (check.hashFiles) await verifyRelease(store, product, version, { reporter: check.reporter });
  return { manifest, statement, keyId: key.keyId };
}

/** The signed subjects are exactly what release.json lists (it is signed too; this also catches a statement made for another release). */
function checkSubjects(where: string, statement: ProvenanceStatement, manifest: ReleaseManifest): void {
  const signed = new Map(statement.subject.filter((subject) => subject.name !== MANIFEST_SUBJECT).map((subject) => [subject.name, subject.digest.sha256]));
  const listed = artifactSubjects(manifest);
  const differing = listed.filter((subject) => signed.get(subject.name ?? '') !== subject.digest.sha256).map((subject) => subject.name);
  const params = statement.predicate?.buildDefinition?.externalParameters;
  if (params?.product !== manifest.product || params.version !== manifest.version || params.tag !== manifest.tag) {
    throw mismatch(where, `the signed statement describes ${params?.product} ${params?.version} (${params?.tag}), not this release`);
  }
  if (differing.length || signed.size !== listed.length) {
    throw mismatch(where, `the signed subjects differ from release.json${differing.length ? ` for ${differing.slice(0, 5).join(', ')}` : ''}`);
  }
}

async function checkImage(where: string, manifest: ReleaseManifest, check: ProvenanceCheck): Promise<void> {
  const image = manifest.image;
  if (!image || !check.images) return;
  const { registry, repository } = check.images(image.repository);
  const tagged = await registry.resolveDigest(repository, manifest.version);
  if (tagged !== image.digest) {
    throw mismatch(where, `${image.reference} in ${registry.location} now names ${tagged ?? 'nothing'}, not the signed ${image.digest}: the tag was moved or deleted. Push the signed image back under the tag, or deploy another release`);
  }
  const stored = await registry.readManifest(repository, image.digest);
  const digest = stored && `sha256:${createHash('sha256').update(stored.bytes).digest('hex')}`;
  if (digest !== image.digest) {
    throw mismatch(where, `${registry.location} serves ${stored ? `other bytes (sha256 ${digest})` : 'nothing'} for ${image.repository}@${image.digest}`);
  }
}

const mismatch = (where: string, detail: string): TagdeployError =>
  new TagdeployError('PROVENANCE_MISMATCH', `${where} does not match its signed provenance: ${detail}. Nothing was changed.`);
