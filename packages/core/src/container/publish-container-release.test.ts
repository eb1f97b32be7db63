import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBaseImage, type BaseImageLayout } from './testing/oci-test-parts';
import { startRegistry, type TestRegistry } from './testing/oci-test-parts';
import type { Reporter } from '../release/ports';
import { checkRegistryReachable } from './check-registry-reachable';
import { copyImage } from './copy-image';
import { DistributionRegistry } from './distribution-registry';
import { OciLayoutRegistry } from './oci-layout-registry';
import { openLayout } from './open-layout';
import { publishContainerRelease, type ContainerReleaseInput } from './publish-container-release';
import { failure } from './testing/image-registry-contract';
import { readImageBack } from './testing/read-layout-image';

const OUTPUT = 'dist/services/payments-api';
const DOCKERFILE = ['ARG BASE', 'FROM ${BASE}', 'ARG VERSION=0.0.0-dev', 'ENV APP_VERSION=${VERSION}', 'WORKDIR /app', 'COPY main.mjs ./', 'RUN echo "built $VERSION" > /app/built.txt', 'CMD ["/bin/sh", "-c", "cat main.mjs"]', ''].join('\n');

const temps: string[] = [];
let registry: TestRegistry;
let base: BaseImageLayout;
beforeAll(async () => {
  registry = await startRegistry();
  // buildah derives a local image name from the layout path, which must be lower case.
  const dir = join(tmpdir(), `tagdeploy-base-${process.pid}-${Date.now().toString(36)}`);
  temps.push(dir);
  base = await makeBaseImage(join(dir, 'busybox'));
});
afterAll(async () => {
  await registry?.stop();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function aTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-publish-'));
  temps.push(dir);
  return dir;
}

/** A workspace whose payments-api build output (main.mjs + Dockerfile) already exists. */
async function aWorkspace(main = 'console.log("payments-api")\n'): Promise<string> {
  const root = await aTempDir();
  await mkdir(join(root, OUTPUT), { recursive: true });
  // Executable, so that the scratch images of these tests have an entrypoint program inside.
  await writeFile(join(root, OUTPUT, 'main.mjs'), main, { mode: 0o755 });
  await writeFile(join(root, OUTPUT, 'Dockerfile'), DOCKERFILE);
  return root;
}

function aReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), progress: () => ({ advance: () => undefined, done: () => undefined }) };
}

let imageCounter = 0;
const anImageName = () => `payments-api-${process.pid}-${imageCounter++}`;

function aRelease(workspaceRoot: string, overrides: Partial<ContainerReleaseInput> = {}): ContainerReleaseInput {
  return {
    product: 'payments-api',
    version: '0.1.0',
    tag: 'payments-api@0.1.0',
    commit: '0123456789abcdef0123456789abcdef01234567',
    source: 'https://github.com/acme/shop',
    createdAt: new Date('2024-05-01T10:00:00Z'),
    outputDir: OUTPUT,
    image: 'payments-api',
    builderKind: 'embedded',
    registry: 'oci:.tagdeploy/registry',
    workspaceRoot,
    reporter: aReporter(),
    ...overrides,
    builderOptions: { ...(overrides.builderKind && overrides.builderKind !== 'embedded' ? {} : { baseImage: 'scratch', entrypoint: ['/app/main.mjs'] }), ...overrides.builderOptions },
  };
}

describe('publishContainerRelease with the embedded builder and the embedded registry', () => {
  it('pushes image:version into the layout folder and returns the digest the tag resolves to', async () => {
    const root = await aWorkspace();
    const published = await publishContainerRelease(aRelease(root));
    expect(published).toMatchObject({ repository: 'oci:.tagdeploy/registry/payments-api', reference: 'oci:.tagdeploy/registry/payments-api:0.1.0', status: 'pushed' });
    const layout = new OciLayoutRegistry(join(root, '.tagdeploy/registry'));
    expect(await layout.resolveDigest('payments-api', '0.1.0')).toBe(published.digest);
    const { config } = await readImageBack(layout, 'payments-api', '0.1.0');
    expect(config.config?.Labels).toEqual({
      'org.opencontainers.image.version': '0.1.0',
      'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'org.opencontainers.image.created': '2024-05-01T10:00:00.000Z',
    });
  });

  it('reports "already-published" when the tag holds the same image (a resumed release)', async () => {
    const root = await aWorkspace();
    const first = await publishContainerRelease(aRelease(root));
    const again = await publishContainerRelease(aRelease(root));
    expect(again).toMatchObject({ status: 'already-published', digest: first.digest });
  });

  it('refuses IMAGE_TAG_EXISTS when the tag holds another image, and leaves the tag where it was', async () => {
    const root = await aWorkspace();
    const first = await publishContainerRelease(aRelease(root));
    await writeFile(join(root, OUTPUT, 'main.mjs'), 'console.log("other bytes")\n');
    const error = await failure(publishContainerRelease(aRelease(root)));
    expect(error.code).toBe('IMAGE_TAG_EXISTS');
    expect(error.message).toContain('payments-api:0.1.0');
    expect(error.message).toContain(first.digest);
    expect(error.message).toContain('release a new version');
    expect(await new OciLayoutRegistry(join(root, '.tagdeploy/registry')).resolveDigest('payments-api', '0.1.0')).toBe(first.digest);
  });
});

describe("publishContainerRelease to Debian's docker-registry", () => {
  it('pushes host/namespace/image:version, and a HEAD on the tag gives the returned digest', async () => {
    const root = await aWorkspace();
    const image = anImageName();
    const published = await publishContainerRelease(aRelease(root, { image, registry: `${registry.host}/shop`, builderOptions: { baseImage: base.reference, entrypoint: ['/bin/sh'] } }));
    expect(published).toMatchObject({ repository: `${registry.host}/shop/${image}`, reference: `${registry.host}/shop/${image}:0.1.0`, status: 'pushed' });
    const remote = new DistributionRegistry({ host: registry.host });
    expect(await remote.resolveDigest(`shop/${image}`, '0.1.0')).toBe(published.digest);
    const read = await readImageBack(remote, `shop/${image}`, '0.1.0');
    expect(read.layers[0].map((e) => e.path)).toContain('bin/busybox');
    expect(read.layers[1].map((e) => e.path)).toEqual(['app/', 'app/Dockerfile', 'app/main.mjs']);
  });

  it('takes the base image from a registry (host/repository:tag)', async () => {
    const remote = new DistributionRegistry({ host: registry.host });
    const layout = openLayout(base.layoutDir);
    await copyImage(layout, { storage: remote, repository: 'base/busybox' }, base.digest);
    await remote.putTag('base/busybox', base.digest, 'stable');
    const image = anImageName();
    const root = await aWorkspace();
    const published = await publishContainerRelease(aRelease(root, { image, registry: registry.host, builderOptions: { baseImage: `${registry.host}/base/busybox:stable`, entrypoint: ['/bin/sh'] } }));
    const read = await readImageBack(remote, image, '0.1.0');
    expect(read.manifest.layers[0].digest).toBe(JSON.parse((await layout.storage.readManifest(layout.repository, base.digest))!.bytes.toString()).layers[0].digest);
    expect(published.status).toBe('pushed');
  });

  it('pushes only the new config for a second version whose build output did not change', async () => {
    const root = await aWorkspace();
    const image = anImageName();
    const options = { image, registry: registry.host, builderOptions: { baseImage: base.reference, entrypoint: ['/bin/sh'] } };
    await publishContainerRelease(aRelease(root, options));
    const reporter = aReporter();
    const second = await publishContainerRelease(aRelease(root, { ...options, version: '0.2.0', reporter }));
    expect(second.status).toBe('pushed');
    expect(reporter.lines.join('\n')).toContain('(1 new blobs)');
  });

  it('builds with buildah (vfs, chroot) from the Dockerfile on the busybox base and pushes the digest a HEAD confirms', async () => {
    const root = await aWorkspace();
    const storage = await aTempDir();
    const image = anImageName();
    // The Dockerfile says FROM ${BASE}: buildah reads the base from our OCI layout (nothing can be pulled here).
    const published = await publishContainerRelease(withBase(root, image, storage));
    expect(published.status).toBe('pushed');
    const remote = new DistributionRegistry({ host: registry.host });
    expect(await remote.resolveDigest(image, '0.1.0')).toBe(published.digest);
    const read = await readImageBack(remote, image, '0.1.0');
    expect(read.config.config?.Labels?.['org.opencontainers.image.revision']).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(read.config.config?.Env).toContain('APP_VERSION=0.1.0');
    const files = read.layers.flat();
    expect(files.find((e) => e.path.replace(/^\.?\//, '') === 'app/built.txt')?.body.toString()).toBe('built 0.1.0\n');
    // --timestamp makes buildah's output reproducible: a rebuild of the same release is recognised.
    const again = await publishContainerRelease(withBase(root, image, await aTempDir()));
    expect(again).toMatchObject({ status: 'already-published', digest: published.digest });
  });
});

function withBase(root: string, image: string, storage: string): ContainerReleaseInput {
  return aRelease(root, {
    image,
    registry: registry.host,
    builderKind: 'buildah',
    builderOptions: { root: join(storage, 'root'), runroot: join(storage, 'runroot'), storageDriver: 'vfs', buildArgs: { BASE: base.reference } },
  });
}

describe('publishContainerRelease: bad input', () => {
  it('names the missing builder, how to install it and the embedded alternative', async () => {
    const root = await aWorkspace();
    const image = anImageName();
    const error = await failure(
      publishContainerRelease(aRelease(root, { image, registry: registry.host, builderKind: 'buildah', builderOptions: { command: 'buildah-not-installed', configPath: 'services/payments-api/tagdeploy.json' } })),
    );
    expect(error.code).toBe('BUILDER_MISSING');
    expect(error.message).toBe(
      'The "buildah" builder is not installed (no "buildah-not-installed" on PATH). Install it (apt-get install buildah) or set "builder": "embedded" in services/payments-api/tagdeploy.json.',
    );
    expect(await new DistributionRegistry({ host: registry.host }).resolveDigest(image, '0.1.0')).toBeUndefined();
  });

  it('reports an unreachable registry before building, and checkRegistryReachable says the same', async () => {
    const down = await startRegistry();
    await down.stop();
    const root = await aWorkspace();
    const error = await failure(publishContainerRelease(aRelease(root, { registry: `${down.host}/shop` })));
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect(error.message).toContain(down.host);
    const checked = await failure(checkRegistryReachable(`${down.host}/shop`, root));
    expect(checked.code).toBe('REGISTRY_UNAVAILABLE');
    await expect(checkRegistryReachable(registry.host, root)).resolves.toBeUndefined();
    await expect(checkRegistryReachable('oci:.tagdeploy/registry', root)).resolves.toBeUndefined();
  });

  it('reports refused credentials and tags nothing', async () => {
    const secured = await startRegistry({ auth: { user: 'ci', password: 'right' } });
    try {
      const config = await aTempDir();
      const auth = (password: string) => JSON.stringify({ auths: { [secured.host]: { auth: Buffer.from(`ci:${password}`).toString('base64') } } });
      await writeFile(join(config, 'config.json'), auth('wrong'));
      const root = await aWorkspace();
      const error = await failure(publishContainerRelease(aRelease(root, { registry: secured.host, builderOptions: { registryAccess: { env: { DOCKER_CONFIG: config } } } })));
      expect(error.code).toBe('REGISTRY_AUTH');
      expect(error.message).toContain(join(config, 'config.json'));
      expect(error.message).not.toContain('wrong');
      await writeFile(join(config, 'config.json'), auth('right'));
      expect(await new DistributionRegistry({ host: secured.host, env: { DOCKER_CONFIG: config } }).resolveDigest('payments-api', '0.1.0')).toBeUndefined();
    } finally {
      await secured.stop();
    }
  });

  it('refuses IMAGE_TAG_EXISTS in a registry without moving the tag', async () => {
    const root = await aWorkspace();
    const image = anImageName();
    const first = await publishContainerRelease(aRelease(root, { image, registry: registry.host }));
    await writeFile(join(root, OUTPUT, 'main.mjs'), 'console.log("changed")\n');
    const error = await failure(publishContainerRelease(aRelease(root, { image, registry: registry.host })));
    expect(error.code).toBe('IMAGE_TAG_EXISTS');
    expect(await new DistributionRegistry({ host: registry.host }).resolveDigest(image, '0.1.0')).toBe(first.digest);
  });
});

it('the test parts are installed (buildah, skopeo)', () => {
  for (const tool of ['buildah', 'skopeo']) expect(spawnSync(tool, ['--version']).error, `${tool} is missing: apt-get install ${tool}`).toBeUndefined();
});
