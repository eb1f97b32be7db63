// Container products end to end on examples/shop: payments-api (embedded builder, base and port
// from its Dockerfile: node:20-slim, EXPOSE 3000) is released into a real registry, and
// `nx serve-release` runs the image the env's GitOps file pins, by digest, with no Docker engine:
// GET /health answers the version, and follows deploy, promote and rollback. The rendered
// kustomize overlay runs that digest on that port with probes. Refusals leave nothing behind.
// docker.io is served by the run's mirror registry (global-setup-node-base.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DistributionRegistry } from '../packages/core/src/container/distribution-registry';
import { startServeRelease } from './support/serve';
import { createShop, type Shop } from './support/shop';

const product = 'payments-api';
const approve = ['--approve', '--approved-by=Release Manager'];
let shop: Shop;
let start: string;
let namespace: string;

beforeAll(async () => {
  shop = await createShop();
  namespace = `shop${process.pid}`;
  const nxJson = JSON.parse(shop.read('nx.json'));
  nxJson.plugins[0].options.registry = `${inject('mirrorRegistry')}/${namespace}`;
  shop.commit('nx.json', `${JSON.stringify(nxJson, null, 2)}\n`, 'chore: images go to the team registry');
  start = shop.git(['rev-parse', 'HEAD']);
});
afterAll(() => shop?.cleanup());

const registry = () => new DistributionRegistry({ host: inject('mirrorRegistry') });
const nxOk = (args: string[]) => {
  const run = shop.nx(args);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
};

async function health(url: string, until: (body: { version?: string }) => boolean): Promise<{ version?: string }> {
  let last: unknown;
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const reply = await fetch(`${url}/health`);
      const body = (await reply.json()) as { version?: string };
      if (until(body)) return body;
      last = body;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`GET ${url}/health never answered as expected; last: ${JSON.stringify(last)}`);
}

describe('a container product released into an image that runs', () => {
  beforeEach(() => shop.git(['reset', '-q', '--hard', start]));

  it('serves /health with the version each env runs, following deploy, promote and rollback by digest', async () => {
    nxOk(['release-product', product]);
    const first = JSON.parse(readFileSync(join(shop.dir, `.tagdeploy/store/${product}/releases/0.1.0/release.json`), 'utf8'));
    expect(first.image.reference).toBe(`${inject('mirrorRegistry')}/${namespace}/${product}:0.1.0`);
    nxOk(['deploy', product, '--env=staging']);

    const staging = await startServeRelease(shop, product, 'staging');
    try {
      expect(await health(staging.url, (body) => body.version === '0.1.0')).toEqual({ status: 'ok', version: '0.1.0' });

      shop.commit('services/payments-api/src/main.ts', `${shop.read('services/payments-api/src/main.ts')}\n// fixed\n`, 'fix(payments-api): a fix');
      nxOk(['release-product', product]);
      nxOk(['deploy', product, '--env=staging']);
      expect(await health(staging.url, (body) => body.version === '0.1.1')).toMatchObject({ version: '0.1.1' });

      nxOk(['promote', product, '--to=production', ...approve]);
      nxOk(['rollback', product, '--env=staging', '--reason=bad fix', ...approve]);
      expect(await health(staging.url, (body) => body.version === '0.1.0')).toMatchObject({ version: '0.1.0' });
      expect(staging.output()).toMatch(/staging now serves 0\.1\.0 \(sha256:[0-9a-f]{64}\)/);
    } finally {
      await staging.stop();
    }

    const production = await startServeRelease(shop, product, 'production');
    try {
      expect(await health(production.url, (body) => body.version !== undefined)).toMatchObject({ version: '0.1.1' });
    } finally {
      await production.stop();
    }

    // The overlay Argo CD would sync renders to a Deployment running that digest on the product's port.
    const checkout = mkdtempSync(join(tmpdir(), 'tagdeploy-e2e-gitops-'));
    try {
      execFileSync('git', ['clone', '-q', join(shop.dir, '.tagdeploy/gitops.git'), checkout]);
      const docs = parseAllDocuments(execFileSync('/usr/bin/kubectl', ['kustomize', `apps/${product}/envs/production`], { cwd: checkout, encoding: 'utf8' })).map((doc) => doc.toJS());
      const deployment = docs.find((doc) => doc.kind === 'Deployment');
      const service = docs.find((doc) => doc.kind === 'Service');
      const second = JSON.parse(readFileSync(join(shop.dir, `.tagdeploy/store/${product}/releases/0.1.1/release.json`), 'utf8'));
      const container = deployment.spec.template.spec.containers[0];
      expect(container.image).toBe(`${second.image.repository}:0.1.1@${second.image.digest}`);
      expect(container.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
      for (const probe of ['readinessProbe', 'livenessProbe']) expect(container[probe].httpGet).toEqual({ path: '/health', port: 3000 });
      expect(service.spec.ports).toEqual([{ port: 80, targetPort: 3000 }]);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });
});

describe('container refusals: nothing tagged, pushed or committed', () => {
  beforeEach(() => shop.git(['reset', '-q', '--hard', start]));

  async function refused(edit: () => void, message: string) {
    edit();
    shop.git(['commit', '-q', '-am', 'fix(payments-api): change the runtime']);
    const tagsBefore = shop.remoteTags();
    const run = shop.nx(['release-product', product]);
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toContain(message);
    expect(shop.remoteTags()).toEqual(tagsBefore);
    expect(shop.localTags().filter((tag) => tag.startsWith(`${product}@`) && !tagsBefore.includes(tag))).toEqual([]);
    expect(await registry().resolveDigest(`${namespace}/${product}`, nextVersion())).toBeUndefined();
  }
  const nextVersion = () => (shop.remoteTags().includes(`${product}@0.1.1`) ? '0.1.2' : shop.remoteTags().includes(`${product}@0.1.0`) ? '0.1.1' : '0.1.0');
  const config = (change: Record<string, unknown>) => () => {
    const path = 'services/payments-api/tagdeploy.json';
    writeFileSync(join(shop.dir, path), `${JSON.stringify({ ...JSON.parse(shop.read(path)), ...change }, null, 2)}\n`);
  };
  const dockerfile = (from: string, to: string) => () => writeFileSync(join(shop.dir, 'services/payments-api/Dockerfile'), shop.read('services/payments-api/Dockerfile').replace(from, to));

  it('refuses a port in tagdeploy.json that the Dockerfile does not expose', async () => {
    await refused(config({ port: 8080 }), '"port": 8080 in services/payments-api/tagdeploy.json, but services/payments-api/Dockerfile says EXPOSE 3000');
  });

  it('refuses an embedded build with no base image', async () => {
    await refused(dockerfile('FROM node:20-slim', 'ARG BASE\nFROM ${BASE}'), 'payments-api has no base image');
  });

  it('refuses a base image the registry does not have', async () => {
    await refused(dockerfile('FROM node:20-slim', 'FROM node:19-slim'), 'The base image docker.io/library/node:19-slim was not found in');
  });

  it('refuses an entrypoint program the image does not have', async () => {
    await refused(config({ entrypoint: ['deno', 'run', '/app/main.mjs'] }), 'has no executable "deno" on its PATH, so its entrypoint ["deno","run","/app/main.mjs"] cannot start');
  });
});
