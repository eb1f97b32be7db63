// Signed provenance through both hosts: a release signed with a key from an environment variable
// (a CI secret), verified with the committed public key; a changed byte in the store is caught by
// verify, and a "requireSignature" env refuses to deploy or roll back to it, changing nothing. A
// configured key that cannot sign stops the release before anything is claimed.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorLine, openHostShop, shopState, type HostShop } from '../support/both-hosts';

let current: HostShop | undefined;
afterEach(() => {
  current?.shop.cleanup();
  current = undefined;
});

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingEnv = {
  TAGDEPLOY_ACTOR: 'ana',
  TAGDEPLOY_APPROVER: '',
  TAGDEPLOY_SIGNING_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

/** Signing from env:TAGDEPLOY_SIGNING_KEY, the public key committed, staging requiring signed releases. */
function configureSigning(w: HostShop): void {
  writeFileSync(join(w.shop.dir, 'release-signing.pub.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  w.shop.git(['add', 'release-signing.pub.pem']);
  w.editSettings((settings) => {
    settings.signing = { key: 'env:TAGDEPLOY_SIGNING_KEY', publicKey: 'release-signing.pub.pem' };
    (settings.environments as Record<string, Record<string, unknown>>).staging.requireSignature = true;
  });
}

describe.each(['nx', 'cli'] as const)('signed releases through the %s host', (host) => {
  it('signs at the seal, verifies, catches a changed byte, and a requireSignature env refuses it', async () => {
    const w = (current = await openHostShop[host]());
    const { shop } = w;
    configureSigning(w);

    const released = w.run('release', 'checkout', {}, signingEnv);
    expect(released.code, released.output).toBe(0);
    expect(released.output).toMatch(/signed provenance of checkout@0\.1\.0 \(key [0-9a-f]{16}…\)/);
    expect(await shop.storeFiles()).toContain('checkout/releases/0.1.0/provenance.sigstore.json');

    const deployed = w.run('deploy', 'checkout', { env: 'staging' }, signingEnv);
    expect(deployed.code, deployed.output).toBe(0);
    // Verify needs only the public key: no secret in the environment.
    const verified = w.run('verify', 'checkout', {}, { TAGDEPLOY_SIGNING_KEY: '' });
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toMatch(/verified checkout 0\.1\.0 \(staging\): signature \(key [0-9a-f]{16}…\), release\.json, \d+ files hashed, tag checkout@0\.1\.0 at [0-9a-f]{7}/);

    // A second release, then one byte of 0.1.0's index.html changes in the store.
    shop.write('apps/checkout/src/main.ts', `${shop.read('apps/checkout/src/main.ts')}\n// 0.2.0\n`);
    shop.git(['commit', '-q', '-am', 'feat(checkout): next']);
    expect(w.run('release', 'checkout', {}, signingEnv).code).toBe(0);
    expect(w.run('deploy', 'checkout', { env: 'staging', release: '0.2.0' }, signingEnv).code).toBe(0);
    const index = join(shop.dir, '.tagdeploy/store/checkout/releases/0.1.0/index.html');
    const html = shop.read('.tagdeploy/store/checkout/releases/0.1.0/index.html');
    // Same size, so only hashing the bytes can tell.
    writeFileSync(index, html.replace('e', 'E'));

    const caught = w.run('verify', 'checkout', { release: '0.1.0' }, signingEnv);
    expect(caught.code, caught.output).not.toBe(0);
    expect(errorLine(caught, 'RELEASE_UNVERIFIED')).toMatch(/^1 release of checkout failed verification: 0\.1\.0: \[RELEASE_CORRUPT\] .*index\.html holds other bytes than were released/);

    const before = await shopState(shop);
    const rollback = w.run('rollback', 'checkout', { env: 'staging' }, signingEnv);
    expect(rollback.code, rollback.output).not.toBe(0);
    expect(errorLine(rollback, 'RELEASE_CORRUPT')).toMatch(/^staging requires signed releases: checkout 0\.1\.0 .* index\.html holds other bytes than were released/);
    const status = w.run('status', 'checkout', { json: true }, signingEnv);
    expect(status.output).toContain('"version": "0.2.0"');
    expect(await shopState(shop)).toEqual(before);
  });

  it('refuses a configured key that is missing, or cannot sign, before the claim', async () => {
    const w = (current = await openHostShop[host]());
    configureSigning(w);
    const before = await shopState(w.shop);
    const missing = w.run('release', 'checkout', {}, { ...signingEnv, TAGDEPLOY_SIGNING_KEY: '' });
    expect(missing.code, missing.output).not.toBe(0);
    expect(errorLine(missing, 'SIGNING_KEY_MISSING')).toContain('reads the key from the environment variable TAGDEPLOY_SIGNING_KEY, which is not set');
    const publicOnly = w.run('release', 'checkout', {}, { ...signingEnv, TAGDEPLOY_SIGNING_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    expect(errorLine(publicOnly, 'SIGNING_KEY_INVALID')).toContain('is a public key: signing needs the private key');
    expect(await shopState(w.shop)).toEqual(before);
  });
});
