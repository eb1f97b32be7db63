// The runner against real parts: a Node base made from this machine's node, an image built on it by
// the embedded builder and pushed to Debian's docker-registry, started from the registry by digest.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNodeBaseImage, pushImageToRegistry } from '../../../../tools/oci/make-node-base-image';
import { startRegistry, type TestRegistry } from '../../../../tools/oci/start-registry';
import { DistributionRegistry } from './distribution-registry';
import { NamespaceImageRunner } from './namespace-image-runner';
import { publishContainerRelease } from './publish-container-release';

let registry: TestRegistry;
let work: string;
const env = () => ({ TAGDEPLOY_REGISTRY_MIRRORS: `docker.io=${registry.host}/hub` });

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'tagdeploy-runner-'));
  await pushImageToRegistry(await makeNodeBaseImage(join(work, 'base', 'node')), registry.host, 'hub/library/node');
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const quiet = { info() {}, warn() {}, progress: () => ({ advance() {}, done() {} }) };

async function releaseService(version: string, source: string, entrypoint?: string[]) {
  const out = join(work, `out-${version}`);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'main.mjs'), source);
  return publishContainerRelease({
    product: 'api', version, tag: `api@${version}`, commit: 'c0ffee', source: '', createdAt: new Date(0), outputDir: out, image: 'api', builderKind: 'embedded',
    registry: `${registry.host}/shop`, workspaceRoot: work, reporter: quiet as never,
    builderOptions: { baseImage: 'node:20-slim', port: 3000, user: 'node', entrypoint, registryAccess: { env: env() } },
  });
}

const service = `import { createServer } from 'node:http';
createServer((req, res) => res.end(JSON.stringify({ version: process.env.APP_VERSION, uid: process.getuid(), cwd: process.cwd(), port: process.env.PORT })))
  .listen(Number(process.env.PORT), () => console.log('listening'));`;

function get(connect: () => import('node:net').Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ createConnection: connect, path, host: 'container' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

async function poll(connect: () => import('node:net').Socket, path: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    try {
      return await get(connect, path);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('no answer');
}

describe('NamespaceImageRunner', () => {
  it('starts the pushed image by digest as its user, in its working dir, on its own port', async () => {
    const pushed = await releaseService('1.0.0', service);
    const storage = new DistributionRegistry({ host: registry.host });
    const running = await new NamespaceImageRunner().start({ storage, repository: 'shop/api', digest: pushed.digest, what: 'api 1.0.0' }, { port: 3000 });
    try {
      expect(JSON.parse(await poll(running.connect, '/health'))).toEqual({ version: '1.0.0', uid: 1000, cwd: '/app', port: '3000' });
    } finally {
      await running.stop();
    }
    expect(await running.exited).not.toBe(undefined);
  });

  it('refuses an image whose entrypoint program is not in it, before anything is pushed', async () => {
    const error = await releaseService('1.0.1', service, ['deno', 'run', '/app/main.mjs']).catch((e: Error) => e);
    expect(String(error)).toContain('has no executable "deno" on its PATH');
    expect(await new DistributionRegistry({ host: registry.host }).resolveDigest('shop/api', '1.0.1')).toBeUndefined();
  });
});
