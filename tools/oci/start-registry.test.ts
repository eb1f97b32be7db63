import { expect, it } from 'vitest';
import { startRegistry } from './start-registry';

it('starts docker-registry on loopback and stops it', async () => {
  const registry = await startRegistry();
  expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
  expect((await fetch(`http://${registry.host}/v2/`)).status).toBe(200);
  await registry.stop();
  await expect(fetch(`http://${registry.host}/v2/`)).rejects.toThrow();
});

it('asks for credentials when started with htpasswd auth, and takes the right ones', async () => {
  const registry = await startRegistry({ auth: { user: 'ci', password: 'pw' } });
  try {
    expect((await fetch(`http://${registry.host}/v2/`)).status).toBe(401);
    const authorization = `Basic ${Buffer.from('ci:pw').toString('base64')}`;
    expect((await fetch(`http://${registry.host}/v2/`, { headers: { authorization } })).status).toBe(200);
  } finally {
    await registry.stop();
  }
});
