// The local router when it cannot listen, and when the store behind it fails: one clear error
// naming the address and the fix, and never a credential in a reply.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testSpelling } from '../commands/testing/cli-spelling';
import { FileStore } from '../store/file-store';
import { S3Store } from '../store/s3-store';
import type { ObjectStore } from '../store/object-store';
import { aClosedPort, useS3Credentials } from '../store/testing/s3-test-server';
import { serveRelease } from './serve-release';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function aFileStore(): FileStore {
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-listen-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return new FileStore(join(dir, 'store'), `file:${dir}/store`);
}

/** A port something else already listens on. */
async function aBusyPort(): Promise<number> {
  const other: Server = createServer();
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
  return (other.address() as { port: number }).port;
}

async function refusal(options: { store?: ObjectStore; port?: number; host?: string }): Promise<{ code?: string; message: string }> {
  try {
    const server = await serveRelease({ store: options.store ?? aFileStore(), product: 'checkout', env: 'production', port: options.port, host: options.host, spelling: testSpelling });
    cleanups.push(() => server.close());
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the server to refuse, but it listens');
}

describe('serveRelease when it cannot listen', () => {
  it('refuses a port that is in use with PORT_UNAVAILABLE, naming the address and another port to pass', async () => {
    const port = await aBusyPort();

    const error = await refusal({ port });

    expect(error.code).toBe('PORT_UNAVAILABLE');
    expect(error.message).toBe(`Cannot serve checkout production: 127.0.0.1:${port} is already in use. Stop what listens there, or pick another port: ⟦serve checkout --env=production --port=0⟧ (0: any free port).`);
  });

  it.each([-1, 65536, 1.5, Number.NaN, 1e9])('refuses the port %s before listening, saying which ports exist', async (port) => {
    const error = await refusal({ port });

    expect(error.code).toBe('USAGE');
    expect(error.message).toBe(`--port=${port} is not a port number: use 0-65535 (0: any free port), e.g. ⟦serve checkout --env=production --port=4300⟧.`);
  });

  it('refuses an address that is not one of this machine, naming the address and the fix', async () => {
    const error = await refusal({ port: 0, host: '192.0.2.1' });

    expect(error.code).toBe('PORT_UNAVAILABLE');
    expect(error.message).toBe('Cannot serve checkout production: 192.0.2.1 is not an address of this machine. Listen on one of its own: ⟦serve checkout --env=production --host=127.0.0.1⟧.');
  });
});

describe('serveRelease replies', () => {
  it('never sends the credentials of a store endpoint that fails', async () => {
    const port = await aClosedPort();
    cleanups.push(useS3Credentials({ credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }));
    const store = new S3Store({ url: 's3://releases/shop', endpoint: `http://AKIAEXAMPLE:wJalrXUtnFEMIsecret@127.0.0.1:${port}` }, { maxAttempts: 1 });
    const server = await serveRelease({ store, product: 'checkout', env: 'production', spelling: testSpelling });
    cleanups.push(() => server.close());

    const reply = await fetch(server.url);
    const body = await reply.text();

    expect(reply.status).toBe(503);
    expect(body).toContain(`http://***@127.0.0.1:${port}`);
    expect(body).not.toContain('wJalrXUtnFEMIsecret');
    expect(body).not.toContain('AKIAEXAMPLE');
  });
});
