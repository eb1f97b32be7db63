import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from './testing/oci-test-parts';
import { DistributionRegistry } from './distribution-registry';
import { aRepository, anImage, pushUntagged } from './testing/image-builders';
import { describeImageRegistryContract, failure } from './testing/image-registry-contract';

describeImageRegistryContract("DistributionRegistry (Debian's docker-registry on loopback)", async () => {
  const registry = await startRegistry();
  return { storage: new DistributionRegistry({ host: registry.host }), cleanup: registry.stop };
});

/** A DOCKER_CONFIG folder whose config.json holds these credentials for `host`. */
async function aDockerConfig(host: string, user: string, password: string): Promise<{ env: NodeJS.ProcessEnv; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-docker-config-'));
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
  return { env: { DOCKER_CONFIG: dir }, dir };
}

describe('DistributionRegistry with htpasswd auth', () => {
  let registry: TestRegistry;
  const dirs: string[] = [];
  beforeAll(async () => {
    registry = await startRegistry({ auth: { user: 'ci', password: 's3cret-pass' } });
  });
  afterAll(async () => {
    await registry?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('pushes and tags with the credentials from the docker config', async () => {
    const config = await aDockerConfig(registry.host, 'ci', 's3cret-pass');
    dirs.push(config.dir);
    const storage = new DistributionRegistry({ host: registry.host, env: config.env });
    const repository = aRepository();
    const image = anImage('with auth');
    await pushUntagged(storage, repository, image);
    expect(await storage.putTag(repository, image.digest, '1.0.0')).toBe('created');
    expect(await storage.resolveDigest(repository, '1.0.0')).toBe(image.digest);
  });

  it('reports refused credentials with REGISTRY_AUTH, naming where they came from and never the secret', async () => {
    const config = await aDockerConfig(registry.host, 'ci', 'wrong-password');
    dirs.push(config.dir);
    const storage = new DistributionRegistry({ host: registry.host, env: config.env });
    const error = await failure(storage.checkReachable());
    expect(error.code).toBe('REGISTRY_AUTH');
    expect(error.message).toContain(registry.host);
    expect(error.message).toContain(join(config.dir, 'config.json'));
    expect(error.message).toContain(`docker login ${registry.host}`);
    expect(error.message).not.toContain('wrong-password');
  });

  it('reports missing credentials with REGISTRY_AUTH and pushes nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tagdeploy-docker-config-'));
    dirs.push(empty);
    const storage = new DistributionRegistry({ host: registry.host, env: { DOCKER_CONFIG: empty } });
    const image = anImage('no creds');
    const error = await failure(pushUntagged(storage, aRepository(), image));
    expect(error.code).toBe('REGISTRY_AUTH');
    expect(error.message).toContain('no credentials');
  });
});

describe('DistributionRegistry when the registry is down', () => {
  it('reports REGISTRY_UNAVAILABLE naming the host and the fix', async () => {
    const registry = await startRegistry();
    const host = registry.host;
    await registry.stop();
    const error = await failure(new DistributionRegistry({ host }).resolveDigest('app', '1.0.0'));
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect(error.message).toContain(host);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('"registry" option');
  });
});
