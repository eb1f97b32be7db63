// Signed provenance end to end on real parts: a folder store and Debian's docker-registry. Signs
// at the seal's place (the writer), verifies with @sigstore/verify, and catches each tampering:
// one stored byte, release.json, the bundle, another key, another manifest under the image tag.
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistributionRegistry } from '../container/distribution-registry';
import { publishContainerRelease } from '../container/publish-container-release';
import { startRegistry, type TestRegistry } from '../container/testing/oci-test-parts';
import type { TagdeployError } from '../errors/tagdeploy-error';
import { locateReleaseImage } from '../gitops/locate-release-image';
import type { ReleasePlan } from '../plan/release-plan';
import { silentReporter } from '../release/ports';
import { buildReleaseManifest, manifestKey, releasePrefix, type ManifestFile } from '../release/release-manifest';
import { FileStore } from '../store/file-store';
import { sha256Digest } from '../container/oci-types';
import { referrersTag } from './attach-image-provenance';
import { provenanceKey } from './provenance-statement';
import { readSigningKey, readVerificationKey, type SigningKey } from './read-signing-key';
import { verifyReleaseProvenance } from './verify-release-provenance';
import { createProvenanceWriter } from './write-provenance';

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});
async function aTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-provenance-'));
  temps.push(dir);
  return dir;
}

const pem = (type: 'ec' | 'ed25519' | 'x25519') => {
  const pair = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync(type as 'ed25519');
  return { private: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), public: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const keyFrom = (privatePem: string): SigningKey => readSigningKey({ signing: { key: 'env:KEY' }, workspaceRoot: '/', environment: { KEY: privatePem } })!;
const failure = (promise: Promise<unknown>): Promise<TagdeployError> => promise.then(() => { throw new Error('expected a failure'); }, (error: TagdeployError) => error);
const failureOf = (run: () => unknown): TagdeployError => {
  try {
    run();
  } catch (error) {
    return error as TagdeployError;
  }
  throw new Error('expected a failure');
};

const aPlan = (kind: 'static' | 'container', product: string): ReleasePlan =>
  ({ product, kind, version: '0.1.0', tag: `${product}@0.1.0`, commit: '0123456789abcdef0123456789abcdef01234567', changelog: '## 0.1.0', buildTarget: 'build', clone: { remote: 'https://ci:s3cret@git.example.com/shop.git' } }) as unknown as ReleasePlan;

/** A sealed, signed static release in a folder store, written the way the seal writes it. */
async function aSignedStaticRelease(key: SigningKey) {
  const root = await aTempDir();
  const store = new FileStore(join(root, 'store'), 'file:store');
  const plan = aPlan('static', 'checkout');
  const files: ManifestFile[] = [];
  for (const [path, text] of [['index.html', '<h1>v0.1.0</h1>'], ['assets/app.js', 'console.log(1)']]) {
    const body = Buffer.from(text);
    const sha256 = sha256Digest(body).slice(7);
    await store.create(releasePrefix('checkout', '0.1.0') + path, body, { contentType: 'text/plain', sha256 });
    files.push({ path, size: body.length, sha256, contentType: 'text/plain' });
  }
  const manifest = buildReleaseManifest(plan, { files }, new Date('2026-12-01T00:00:00Z'));
  const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await createProvenanceWriter({ key, store, reporter: silentReporter, workspaceRoot: root }).write(plan, manifest, body);
  await store.create(manifestKey('checkout', '0.1.0'), body, { contentType: 'application/json', sha256: sha256Digest(body).slice(7) });
  return { root, store, storeDir: join(root, 'store') };
}

describe('signed provenance of a static release (folder store)', () => {
  const signing = pem('ec');
  const key = keyFrom(signing.private);
  const verify = (store: FileStore, verifyWith = key) => verifyReleaseProvenance({ store, product: 'checkout', version: '0.1.0', key: verifyWith, hashFiles: true });

  it('verifies: an in-toto SLSA statement naming every file, release.json, the commit and the tag, without the remote credentials', async () => {
    const { store } = await aSignedStaticRelease(key);
    const { statement } = await verify(store);
    expect(statement.subject.map((subject) => subject.name)).toEqual(['index.html', 'assets/app.js', 'release.json']);
    expect(statement.predicate.buildDefinition.resolvedDependencies[0]).toMatchObject({ uri: 'git+https://git.example.com/shop.git@refs/tags/checkout@0.1.0', digest: { gitCommit: '0123456789abcdef0123456789abcdef01234567' } });
    expect(statement.predicate.runDetails.builder.version).toMatchObject({ buildTarget: 'build' });
    const bundle = JSON.parse((await store.get(provenanceKey('checkout', '0.1.0')))!.body.toString());
    expect(bundle).toMatchObject({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', verificationMaterial: { publicKey: { hint: key.keyId } }, dsseEnvelope: { payloadType: 'application/vnd.in-toto+json' } });
    expect(JSON.stringify(bundle)).not.toContain('s3cret');
  });

  it('catches one changed byte of a stored file', async () => {
    const { store, storeDir } = await aSignedStaticRelease(key);
    await writeFile(join(storeDir, 'checkout/releases/0.1.0/index.html'), '<h1>v0.1.1</h1>');
    const error = await failure(verify(store));
    expect(error.code).toBe('RELEASE_CORRUPT');
    expect(error.message).toContain('index.html holds other bytes than were released');
  });

  it('catches an edited release.json, even one whose listed sha256 were edited to match', async () => {
    const { store, storeDir } = await aSignedStaticRelease(key);
    const path = join(storeDir, 'checkout/releases/0.1.0/release.json');
    const manifest = JSON.parse((await store.get(manifestKey('checkout', '0.1.0')))!.body.toString());
    manifest.changelog = '## 0.1.0 (edited)';
    await writeFile(path, JSON.stringify(manifest, null, 2));
    const error = await failure(verify(store));
    expect(error.code).toBe('PROVENANCE_MISMATCH');
    expect(error.message).toContain('release.json (file:store/checkout/releases/0.1.0/release.json) is not the one that was signed');
  });

  it('catches an edited bundle and a bundle signed by another key', async () => {
    const { store, storeDir } = await aSignedStaticRelease(key);
    const path = join(storeDir, 'checkout/releases/0.1.0/provenance.sigstore.json');
    const bundle = JSON.parse((await store.get(provenanceKey('checkout', '0.1.0')))!.body.toString());
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    statement.subject[0].digest.sha256 = '0'.repeat(64);
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    await writeFile(path, JSON.stringify(bundle));
    const edited = await failure(verify(store));
    expect(edited.code).toBe('SIGNATURE_INVALID');
    expect(edited.message).toContain('does not verify with the configured public key');

    const other = await aSignedStaticRelease(keyFrom(pem('ec').private));
    expect((await failure(verify(other.store))).code).toBe('SIGNATURE_INVALID');
  });

  it('says a release without a bundle is unsigned', async () => {
    const { store, storeDir } = await aSignedStaticRelease(key);
    await rm(join(storeDir, 'checkout/releases/0.1.0/provenance.sigstore.json'));
    const error = await failure(verify(store));
    expect(error.code).toBe('RELEASE_UNSIGNED');
    expect(error.message).toContain('checkout 0.1.0 has no signed provenance');
  });

  it('signs and verifies with an Ed25519 key as well', async () => {
    const ed = keyFrom(pem('ed25519').private);
    const { store } = await aSignedStaticRelease(ed);
    await expect(verify(store, ed)).resolves.toMatchObject({ keyId: ed.keyId });
  });
});

describe('reading the signing key (before anything is claimed)', () => {
  const read = (key: string, environment: NodeJS.ProcessEnv = {}, publicKey?: string) => () => readSigningKey({ signing: { key, publicKey }, workspaceRoot: '/nonexistent-workspace', environment });

  it('refuses an unset environment variable and a missing file, naming the setting', () => {
    expect(failureOf(read('env:TAGDEPLOY_SIGNING_KEY'))).toMatchObject({ code: 'SIGNING_KEY_MISSING', message: expect.stringContaining('environment variable TAGDEPLOY_SIGNING_KEY, which is not set') });
    expect(failureOf(read('keys/release.pem'))).toMatchObject({ code: 'SIGNING_KEY_MISSING', message: expect.stringContaining('names the key file keys/release.pem, which cannot be read (no such file)') });
  });

  it('refuses a public key, a key that cannot sign, and text that is no key', () => {
    const pair = pem('ec');
    expect(failureOf(read('env:K', { K: pair.public }))).toMatchObject({ code: 'SIGNING_KEY_INVALID', message: expect.stringContaining('is a public key: signing needs the private key') });
    expect(failureOf(read('env:K', { K: pem('x25519').private }))).toMatchObject({ code: 'SIGNING_KEY_INVALID', message: expect.stringContaining('is a x25519 key, which cannot sign') });
    expect(failureOf(read('env:K', { K: 'hello' }))).toMatchObject({ code: 'SIGNING_KEY_INVALID', message: expect.stringContaining('is not a PEM private key') });
  });

  it('refuses a signing key that does not match the configured public key', () => {
    const error = failureOf(read('env:K', { K: pem('ec').private, P: pem('ec').public }, 'env:P'));
    expect(error).toMatchObject({ code: 'SIGNING_KEY_INVALID', message: expect.stringContaining('does not match signing.publicKey') });
  });

  it('verifies with the public half of the signing key when no public key is configured', () => {
    const pair = pem('ec');
    expect(readVerificationKey({ signing: { key: 'env:K' }, workspaceRoot: '/', environment: { K: pair.private } })?.keyId).toBe(
      readVerificationKey({ signing: { publicKey: 'env:P' }, workspaceRoot: '/', environment: { P: pair.public } })?.keyId,
    );
  });
});

describe('signed provenance of a container release (docker-registry 2.8)', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => registry?.stop());

  it('attaches the bundle under the referrers tag, verifies, and catches another manifest pushed under the version tag', async () => {
    const root = await aTempDir();
    await mkdir(join(root, 'dist/api'), { recursive: true });
    // A scratch base: the entrypoint is the build output's own executable.
    await writeFile(join(root, 'dist/api/api'), '#!/app/api\n', { mode: 0o755 });
    await writeFile(join(root, 'dist/api/main.mjs'), 'console.log("api")\n');
    const image = `api-${process.pid}`;
    const publish = (version: string) =>
      publishContainerRelease({ product: 'api', version, tag: `api@${version}`, commit: '0123456789abcdef0123456789abcdef01234567', source: '', createdAt: new Date('2026-01-01T00:00:00Z'), outputDir: 'dist/api', image, builderKind: 'embedded', builderOptions: { baseImage: 'scratch', entrypoint: ['/app/api'] }, registry: registry.host, workspaceRoot: root, reporter: silentReporter });
    const pushed = await publish('0.1.0');
    const key = keyFrom(pem('ec').private);
    const store = new FileStore(join(root, 'store'), 'file:store');
    const plan = aPlan('container', 'api');
    const manifest = buildReleaseManifest(plan, { files: [], image: { repository: pushed.repository, reference: pushed.reference, digest: pushed.digest } }, new Date());
    const body = Buffer.from(JSON.stringify(manifest));
    await createProvenanceWriter({ key, store, reporter: silentReporter, workspaceRoot: root }).write(plan, manifest, body);
    await store.create(manifestKey('api', '0.1.0'), body, { contentType: 'application/json', sha256: sha256Digest(body).slice(7) });

    const distribution = new DistributionRegistry({ host: registry.host });
    const referrers = await distribution.readManifest(image, referrersTag(pushed.digest));
    const listed = JSON.parse(referrers!.bytes.toString());
    expect(listed.manifests[0]).toMatchObject({ artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json' });
    const referrer = JSON.parse((await distribution.readManifest(image, listed.manifests[0].digest))!.bytes.toString());
    expect(referrer.subject.digest).toBe(pushed.digest);

    const verify = () => verifyReleaseProvenance({ store, product: 'api', version: '0.1.0', key, hashFiles: true, images: (name) => locateReleaseImage(name, root) });
    await expect(verify()).resolves.toMatchObject({ keyId: key.keyId });

    await writeFile(join(root, 'dist/api/main.mjs'), 'console.log("swapped")\n');
    const other = await publish('0.1.1');
    const otherManifest = await distribution.readManifest(image, other.digest);
    await distribution.client.putManifest(image, '0.1.0', otherManifest!);
    const error = await failure(verify());
    expect(error.code).toBe('PROVENANCE_MISMATCH');
    expect(error.message).toContain(`now names ${other.digest}, not the signed ${pushed.digest}: the tag was moved`);
  });
});
