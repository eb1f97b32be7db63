// A signed container release through both hosts, its image in a real registry (the run's
// docker-registry, see global-setup-node-base.ts): the provenance bundle is attached to the image
// (referrers tag fallback) and verify passes; then someone pushes another manifest under the
// version tag: verify catches it, and a "requireSignature" env refuses to deploy, promote or roll
// back to it, leaving the GitOps repo, the store and the tags unchanged.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DistributionRegistry } from '../../packages/core/src/container/distribution-registry';
import { sha256Digest } from '../../packages/core/src/container/oci-types';
import { errorLine, openHostShop, shopState, type HostShop } from '../support/both-hosts';

let current: HostShop | undefined;
afterEach(() => {
  current?.shop.cleanup();
  current = undefined;
});

const product = 'payments-api';
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingEnv = { TAGDEPLOY_ACTOR: 'ana', TAGDEPLOY_APPROVER: '', TAGDEPLOY_SIGNING_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

describe.each(['nx', 'cli'] as const)('a signed container release through the %s host', (host) => {
  it('attaches and verifies its provenance, then catches another manifest pushed under the tag and refuses to deploy, promote or roll back to it', async () => {
    const w = (current = await openHostShop[host]());
    const { shop } = w;
    const namespace = `signed${process.pid}${host}`;
    writeFileSync(join(shop.dir, 'release-signing.pub.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    shop.git(['add', 'release-signing.pub.pem']);
    w.editSettings((settings) => {
      settings.registry = `${inject('mirrorRegistry')}/${namespace}`;
      settings.signing = { key: 'env:TAGDEPLOY_SIGNING_KEY', publicKey: 'release-signing.pub.pem' };
      (settings.environments as Record<string, unknown>).qa = { promoteFrom: 'staging', requireSignature: true, router: { type: 'local' } };
    });

    const released = w.run('release', product, {}, signingEnv);
    expect(released.code, released.output).toBe(0);
    const manifest = JSON.parse((await shop.store.get(`${product}/releases/0.1.0/release.json`))!.body.toString('utf8'));
    const repository = `${namespace}/${product}`;
    const registry = new DistributionRegistry({ host: inject('mirrorRegistry') });
    expect(await registry.resolveDigest(repository, '0.1.0')).toBe(manifest.image.digest);
    expect(await registry.resolveDigest(repository, manifest.image.digest.replace(':', '-'))).toMatch(/^sha256:/);
    const deployed = w.run('deploy', product, { env: 'staging' }, signingEnv);
    expect(deployed.code, deployed.output).toBe(0);
    // qa runs 0.2.0 and ran 0.1.0 before; staging runs 0.1.0: deploy, promote and rollback of qa all go to 0.1.0.
    expect(w.run('promote', product, { to: 'qa' }, signingEnv).code).toBe(0);
    shop.write('services/payments-api/src/main.ts', `${shop.read('services/payments-api/src/main.ts')}\n// 0.2.0\n`);
    shop.git(['commit', '-q', '-am', 'feat(payments-api): next']);
    for (const [verb, flags] of [['release', {}], ['deploy', { env: 'staging', release: '0.2.0' }], ['promote', { to: 'qa' }], ['deploy', { env: 'staging', release: '0.1.0' }]] as const) {
      const run = w.run(verb, product, flags, signingEnv);
      expect(run.code, run.output).toBe(0);
    }
    const verified = w.run('verify', product, { release: '0.1.0' }, { TAGDEPLOY_SIGNING_KEY: '' });
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toMatch(/verified payments-api 0\.1\.0.*: signature \(key [0-9a-f]{16}…\)/);

    // Same layers, one more annotation: another manifest, moved under the version tag.
    const signed = (await registry.readManifest(repository, manifest.image.digest))!;
    const other = JSON.parse(signed.bytes.toString('utf8'));
    other.annotations = { ...(other.annotations ?? {}), 'org.example.swapped': 'yes' };
    const bytes = Buffer.from(JSON.stringify(other));
    await registry.client.putManifest(repository, '0.1.0', { mediaType: signed.mediaType, digest: sha256Digest(bytes), bytes });
    expect(await registry.resolveDigest(repository, '0.1.0')).toBe(sha256Digest(bytes));

    const caught = w.run('verify', product, { release: '0.1.0' }, signingEnv);
    expect(caught.code, caught.output).not.toBe(0);
    expect(errorLine(caught, 'RELEASE_UNVERIFIED')).toMatch(/^1 release of payments-api failed verification: 0\.1\.0 \(staging\): \[PROVENANCE_MISMATCH\] .* now names sha256:[0-9a-f]{64}, not the signed sha256:[0-9a-f]{64}: the tag was moved or deleted/);

    const gitops = (): string => execFileSync('git', ['--git-dir', join(shop.dir, '.tagdeploy/gitops.git'), 'log', '--format=%H %s', 'main'], { encoding: 'utf8' });
    const before = { ...(await shopState(shop)), gitops: gitops() };
    const attempts = {
      deploy: w.run('deploy', product, { env: 'qa', release: '0.1.0' }, signingEnv),
      promote: w.run('promote', product, { to: 'qa' }, signingEnv),
      rollback: w.run('rollback', product, { env: 'qa', release: '0.1.0' }, signingEnv),
    };
    for (const [action, run] of Object.entries(attempts)) {
      expect(run.code, `${action}: ${run.output}`).not.toBe(0);
      expect(errorLine(run, 'PROVENANCE_MISMATCH'), `${action}: ${run.output}`).toMatch(
        /^qa requires signed releases: payments-api 0\.1\.0 does not match its signed provenance: .*payments-api:0\.1\.0 in .* now names sha256:[0-9a-f]{64}, not the signed sha256:[0-9a-f]{64}: the tag was moved or deleted\. Push the signed image back under the tag, or deploy another release\. Nothing changed\.$/,
      );
    }
    expect({ ...(await shopState(shop)), gitops: gitops() }).toEqual(before);
  });
});
