import { describe, expect, it } from 'vitest';
import { readReleaseStatus } from './read-release-status';
import { renderReleaseStatus } from './render-release-status';
import type { Router } from './router-port';
import { seedEnvHistory, seedRelease, useTempFileStores } from './testing/env-builders';

const aStore = useTempFileStores();

async function aShop() {
  const temp = aStore();
  const { store } = temp;
  const first = await seedRelease(store, 'checkout', '0.1.0');
  const second = await seedRelease(store, 'checkout', '0.2.0');
  await seedEnvHistory(store, 'staging', ['0.1.0', { version: '0.2.0', by: 'bob' }]);
  return { store, first, second };
}

/** A stand-in router that serves a fixed version (CloudFront has no local implementation). */
const aFakeRouterServing = (version: string | null): Router => ({
  type: 'cloudfront-kvs',
  activate: async () => ({ status: 'switched' }),
  readLive: async () => version,
});

describe('readReleaseStatus', () => {
  it('gives each env its version, tag, commit and who deployed it; an empty env has nulls', async () => {
    const { store, second } = await aShop();

    const status = await readReleaseStatus(store, { product: 'checkout', envs: ['staging', 'production'] });

    expect(status).toEqual({
      product: 'checkout',
      envs: [
        { env: 'staging', version: '0.2.0', tag: 'checkout@0.2.0', commit: second.commit, deployedAt: '2024-05-01T10:01:00.000Z', deployedBy: 'bob', approvedBy: null },
        { env: 'production', version: null, tag: null, commit: null, deployedAt: null, deployedBy: null, approvedBy: null },
      ],
    });
  });

  it('flags drift when the router serves another version than the pointer', async () => {
    const { store } = await aShop();

    const status = await readReleaseStatus(store, { product: 'checkout', envs: ['staging'], routers: { staging: aFakeRouterServing('0.1.0') } });

    expect(status.envs[0].drift).toBe('cloudfront-kvs router serves 0.1.0, pointer says 0.2.0');
  });

  it('lists every deployment of each env, newest first, with history', async () => {
    const { store } = await aShop();

    const status = await readReleaseStatus(store, { product: 'checkout', envs: ['staging', 'production'], history: true });

    expect(status.history).toEqual({
      staging: [
        { seq: 2, action: 'deploy', from: '0.1.0', to: '0.2.0', deployedBy: 'bob', approvedBy: null, reason: null, deployedAt: '2024-05-01T10:01:00.000Z' },
        { seq: 1, action: 'deploy', from: null, to: '0.1.0', deployedBy: 'alice', approvedBy: null, reason: null, deployedAt: '2024-05-01T10:00:00.000Z' },
      ],
      production: [],
    });
  });
});

describe('renderReleaseStatus', () => {
  it('prints an aligned table with — for an empty env and drift under its row', async () => {
    const { store, second } = await aShop();
    const status = await readReleaseStatus(store, { product: 'checkout', envs: ['staging', 'production'], routers: { staging: aFakeRouterServing('0.1.0') } });

    expect(renderReleaseStatus(status)).toBe(
      [
        'checkout',
        '  ENV         VERSION  TAG             COMMIT   DEPLOYED              BY   APPROVED BY',
        `  staging     0.2.0    checkout@0.2.0  ${second.commit.slice(0, 7)}  2024-05-01 10:01:00Z  bob  —`,
        '    ⚠ drift: cloudfront-kvs router serves 0.1.0, pointer says 0.2.0',
        '  production  —        —               —        —                     —    —',
        '',
      ].join('\n'),
    );
  });

  it('prints the history of each env, newest first', async () => {
    const { store } = await aShop();
    const status = await readReleaseStatus(store, { product: 'checkout', envs: ['staging', 'production'], history: true });

    const text = renderReleaseStatus(status);

    expect(text).toContain(
      [
        '  history of staging (newest first)',
        '    #  ACTION  FROM → TO      WHEN                  BY     APPROVED BY  REASON',
        '    2  deploy  0.1.0 → 0.2.0  2024-05-01 10:01:00Z  bob    —',
        '    1  deploy  — → 0.1.0      2024-05-01 10:00:00Z  alice  —',
        '',
        '  history of production (newest first)',
        '    no deployments yet',
      ].join('\n'),
    );
  });
});
