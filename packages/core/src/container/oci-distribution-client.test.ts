// Bearer-token auth against a local HTTP stand-in of a token-auth registry (Docker Hub, ghcr.io,
// ECR style): Debian's docker-registry only does token auth with a signing certificate and a
// separate token service, so the flow is checked here; basic auth runs against the real registry
// in distribution-registry.test.ts.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciDistributionClient } from './oci-distribution-client';
import { failure } from './testing/image-registry-contract';

const DIGEST = `sha256:${'a'.repeat(64)}`;
let server: Server;
let host: string;
const tokenRequests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname === '/token') {
      tokenRequests.push(url.search);
      if (request.headers.authorization !== `Basic ${Buffer.from('ci:right').toString('base64')}`) return void response.writeHead(401).end();
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `token-for ${url.searchParams.get('scope')}` }));
    }
    const scope = 'repository:team/api:pull';
    if (request.headers.authorization !== `Bearer token-for ${scope}`) {
      return void response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="stand-in",scope="${scope}"` }).end();
    }
    if (url.pathname === '/v2/team/api/manifests/1.0.0') return void response.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function credentialsFor(user: string, password: string): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-docker-config-'));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }));
  return { DOCKER_CONFIG: dir };
}

describe('OciDistributionClient bearer tokens (local token-auth stand-in)', () => {
  it('fetches a token for the challenged scope with the docker-config credentials, then retries', async () => {
    const env = await credentialsFor('ci', 'right');
    const client = new OciDistributionClient({ host, env });
    expect(await client.headManifest('team/api', '1.0.0')).toMatchObject({ digest: DIGEST });
    expect(tokenRequests.at(-1)).toBe('?service=stand-in&scope=repository%3Ateam%2Fapi%3Apull');
    const before = tokenRequests.length;
    await client.headManifest('team/api', '1.0.0');
    expect(tokenRequests.length, 'the token is reused').toBe(before);
    await rm(env.DOCKER_CONFIG!, { recursive: true });
  });

  it('reports REGISTRY_AUTH when the token service refuses the credentials', async () => {
    const env = await credentialsFor('ci', 'wrong');
    const error = await failure(new OciDistributionClient({ host, env }).headManifest('team/api', '1.0.0'));
    expect(error.code).toBe('REGISTRY_AUTH');
    expect(error.message).toContain(`docker login ${host}`);
    expect(error.message).not.toContain('wrong');
    await rm(env.DOCKER_CONFIG!, { recursive: true });
  });
});
