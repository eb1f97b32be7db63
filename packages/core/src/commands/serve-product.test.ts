// serve refuses, before listening, an env the product cannot be served for: the env name becomes
// a store key, so an undeclared or traversal name never reaches the store.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveProduct } from './serve-product';
import { aTestHost } from './testing/test-host';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const projects = {
  checkout: { name: 'checkout', root: 'apps/checkout', dependencies: [], targets: ['build'] },
  'payments-api': { name: 'payments-api', root: 'services/payments-api', dependencies: [], targets: ['build'] },
};

function aHost(checkout: Record<string, unknown> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'tagdeploy-serve-product-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, value: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(value));
  };
  write('apps/checkout/tagdeploy.json', { kind: 'static', outputPath: 'dist/apps/checkout', ...checkout });
  write('services/payments-api/tagdeploy.json', { kind: 'container', image: 'payments-api', outputPath: 'dist/services/payments-api', baseImage: 'node:20-slim', port: 3000 });
  const settings = { store: 'file:.tagdeploy/store', environments: { staging: {}, production: { promoteFrom: 'staging' } } };
  return aTestHost(root, { settings, projects });
}

async function refusal(run: Promise<{ close(): Promise<void> }>): Promise<{ code?: string; message: string }> {
  const outcome = await run.then(
    (server) => {
      cleanups.push(() => server.close());
      return undefined;
    },
    (error: unknown) => error as { code?: string; message: string },
  );
  if (!outcome) throw new Error('expected serve to refuse, but it listens');
  return outcome;
}

describe('serveProduct', () => {
  it.each(['../production', 'a/b', '..', 'prod', '', 'production/../staging'])('refuses the env "%s", listing the ones it can serve', async (env) => {
    const error = await refusal(serveProduct({ product: 'checkout', env, port: 0 }, aHost()));

    expect(error.code).toBe('UNKNOWN_ENV');
    expect(error.message).toBe(`Cannot serve "${env}" for checkout: it is not a declared environment of checkout (serve one of: staging, production). Declare environments under "environments" in ⟦settings⟧.`);
  });

  it('refuses an env the product\'s tagdeploy.json leaves out', async () => {
    const error = await refusal(serveProduct({ product: 'checkout', env: 'production', port: 0 }, aHost({ environments: ['staging'] })));

    expect(error.message).toContain('Cannot serve "production" for checkout: it is not a declared environment of checkout (serve one of: staging)');
  });

  it('refuses an env a container product does not have, before opening anything', async () => {
    const error = await refusal(serveProduct({ product: 'payments-api', env: 'qa', port: 0 }, aHost()));

    expect(error.code).toBe('UNKNOWN_ENV');
    expect(error.message).toContain('Cannot serve "qa" for payments-api');
  });

  it('serves a container env that runs nothing yet with a 503 that says so', async () => {
    const server = await serveProduct({ product: 'payments-api', env: 'staging', port: 0 }, aHost());
    cleanups.push(() => server.close());

    const reply = await fetch(server.url);

    expect(reply.status).toBe(503);
    expect(await reply.text()).toContain('staging of payments-api runs nothing yet');
  });

  it('serves a declared env', async () => {
    const server = await serveProduct({ product: 'checkout', env: 'staging', port: 0 }, aHost());
    cleanups.push(() => server.close());

    const reply = await fetch(server.url);

    expect(reply.status).toBe(404);
    expect(await reply.text()).toContain('staging has no release deployed yet');
  });
});
