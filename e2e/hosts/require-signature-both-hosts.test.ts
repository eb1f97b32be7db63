// A "requireSignature" env through both hosts: deploy, promote and rollback each refuse a release
// that is unsigned or tampered with (one stored byte, release.json edited, the bundle edited, the
// bundle signed by another key), with one error line naming the problem and the fix, a non-zero
// exit, and nothing changed: pointer, history, store bytes, tags. And a signing key that is not one
// (random text, an X25519 key) or is not the configured public key's stops the release before the
// claim.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signProvenance } from '../../packages/core/src/provenance/sign-provenance';
import type { ProvenanceStatement } from '../../packages/core/src/provenance/provenance-statement';
import { errorLine, openHostShop, shopState, type HostShop } from '../support/both-hosts';
import type { RunResult } from '../support/shop';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }).toString();
const signingEnv = { TAGDEPLOY_ACTOR: 'ana', TAGDEPLOY_APPROVER: '', TAGDEPLOY_SIGNING_KEY: pem(keys.privateKey, 'pkcs8') };

/** Signing from env:TAGDEPLOY_SIGNING_KEY with the public key committed; qa (promoted from staging) requires signed releases. */
function configureSigning(w: HostShop): void {
  writeFileSync(join(w.shop.dir, 'release-signing.pub.pem'), pem(keys.publicKey, 'spki'));
  w.shop.git(['add', 'release-signing.pub.pem']);
  w.editSettings((settings) => {
    settings.signing = { key: 'env:TAGDEPLOY_SIGNING_KEY', publicKey: 'release-signing.pub.pem' };
    (settings.environments as Record<string, unknown>).qa = { promoteFrom: 'staging', requireSignature: true, router: { type: 'local' } };
  });
}

function succeeded(run: RunResult): void {
  expect(run.code, run.output).toBe(0);
}

/** Every object of the store with the sha256 of its bytes: env pointers and history included. */
async function storeBytes(w: HostShop): Promise<Record<string, string>> {
  const entries = await Promise.all((await w.shop.storeFiles()).map(async (key) => [key, createHash('sha256').update((await w.shop.store.get(key))!.body).digest('hex')]));
  return Object.fromEntries(entries);
}

/** A tampering of 0.1.0 in the store; returns how to undo it. */
type Tamper = (release: string) => () => void;

function editFile(path: string, edit: (text: string) => string): () => void {
  const original = readFileSync(path);
  writeFileSync(path, edit(original.toString('utf8')));
  return () => writeFileSync(path, original);
}

function editStatement(bundlePath: string, edit: (statement: ProvenanceStatement, bundle: Record<string, any>) => Promise<unknown> | void) {
  return async () => {
    const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as ProvenanceStatement;
    const replaced = await edit(statement, bundle);
    writeFileSync(bundlePath, `${JSON.stringify(replaced ?? bundle, null, 2)}\n`);
  };
}

const signedByOtherKey = (statement: ProvenanceStatement) =>
  signProvenance(statement, {
    privateKey: otherKeys.privateKey,
    publicKey: otherKeys.publicKey,
    keyId: createHash('sha256').update(otherKeys.publicKey.export({ type: 'spki', format: 'der' })).digest('hex'),
  });

interface Case {
  name: string;
  tamper: (release: string) => Promise<() => void>;
  /** The error code and the message's problem (deploy and promote hash the bytes themselves first). */
  refused: { code: string; says: RegExp };
}

const cases: Case[] = [
  {
    // What an unsigned release leaves in the store: the same folder without the bundle.
    name: 'an unsigned release',
    tamper: async (release) => {
      const bundle = join(release, 'provenance.sigstore.json');
      renameSync(bundle, `${bundle}.away`);
      return () => renameSync(`${bundle}.away`, bundle);
    },
    refused: { code: 'RELEASE_UNSIGNED', says: /^qa requires signed releases: checkout 0\.1\.0 has no signed provenance .*Release a new version with signing\.key set, or deploy a signed release\. Nothing changed\.$/ },
  },
  {
    name: 'one stored byte changed',
    // Same size, so only hashing the bytes can tell.
    tamper: async (release) => editFile(join(release, 'index.html'), (html) => html.replace('e', 'E')),
    refused: { code: 'RELEASE_CORRUPT', says: /index\.html holds other bytes than were released .*Put the released bytes back .*or deploy another release\./ },
  },
  {
    name: 'an edited release.json',
    tamper: async (release) => editFile(join(release, 'release.json'), (json) => json.replace('"changelog": "', '"changelog": "(edited) ')),
    refused: { code: 'PROVENANCE_MISMATCH', says: /^qa requires signed releases: checkout 0\.1\.0 does not match its signed provenance: release\.json .* is not the one that was signed .*it was edited after the release\. Nothing changed\.$/ },
  },
  {
    name: 'an edited bundle',
    tamper: async (release) => {
      const path = join(release, 'provenance.sigstore.json');
      const undo = editFile(path, (text) => text);
      await editStatement(path, (statement, bundle) => {
        statement.predicate.runDetails.builder.id = 'urn:someone-else';
        bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
      })();
      return undo;
    },
    refused: { code: 'SIGNATURE_INVALID', says: /^qa requires signed releases: The provenance signature of checkout 0\.1\.0 .* does not verify with the configured public key .*Check signing\.publicKey, or treat the release as tampered with and deploy another one\. Nothing changed\.$/ },
  },
  {
    name: 'a bundle signed by another key',
    tamper: async (release) => {
      const path = join(release, 'provenance.sigstore.json');
      const undo = editFile(path, (text) => text);
      await editStatement(path, (statement) => signedByOtherKey(statement))();
      return undo;
    },
    refused: { code: 'SIGNATURE_INVALID', says: /^qa requires signed releases: The provenance signature of checkout 0\.1\.0 .* does not verify with the configured public key/ },
  },
];

describe.each(['nx', 'cli'] as const)('a requireSignature env through the %s host', (host) => {
  let w: HostShop;
  let release: string;

  // One shop for the table (two releases are the slow part); each case undoes its tampering.
  // qa runs 0.2.0 and ran 0.1.0 before; staging runs 0.1.0: so deploy, promote and rollback of qa all go to 0.1.0.
  beforeAll(async () => {
    w = await openHostShop[host]();
    const { shop } = w;
    configureSigning(w);
    succeeded(w.run('release', 'checkout', {}, signingEnv));
    shop.write('apps/checkout/src/main.ts', `${shop.read('apps/checkout/src/main.ts')}\n// 0.2.0\n`);
    shop.git(['commit', '-q', '-am', 'feat(checkout): next']);
    succeeded(w.run('release', 'checkout', {}, signingEnv));
    succeeded(w.run('deploy', 'checkout', { env: 'staging', release: '0.1.0' }, signingEnv));
    succeeded(w.run('promote', 'checkout', { to: 'qa' }, signingEnv));
    succeeded(w.run('deploy', 'checkout', { env: 'staging', release: '0.2.0' }, signingEnv));
    succeeded(w.run('promote', 'checkout', { to: 'qa' }, signingEnv));
    succeeded(w.run('deploy', 'checkout', { env: 'staging', release: '0.1.0' }, signingEnv));
    release = join(shop.dir, '.tagdeploy/store/checkout/releases/0.1.0');
  });
  afterAll(() => w?.shop.cleanup());

  it.each(cases)('refuses $name on deploy, promote and rollback, changing nothing', async ({ tamper, refused }) => {
    const undo = await tamper(release);
    try {
      const before = { ...(await shopState(w.shop)), bytes: await storeBytes(w) };
      const attempts = {
        deploy: w.run('deploy', 'checkout', { env: 'qa', release: '0.1.0' }, signingEnv),
        promote: w.run('promote', 'checkout', { to: 'qa' }, signingEnv),
        rollback: w.run('rollback', 'checkout', { env: 'qa', release: '0.1.0' }, signingEnv),
      };
      for (const [action, run] of Object.entries(attempts)) {
        expect(run.code, `${action}: ${run.output}`).not.toBe(0);
        expect(errorLine(run, refused.code), `${action}: ${run.output}`).toMatch(refused.says);
        expect(run.output.match(/tagdeploy error/g), `${action}: ${run.output}`).toHaveLength(1);
      }
      expect({ ...(await shopState(w.shop)), bytes: await storeBytes(w) }).toEqual(before);
      expect(w.run('status', 'checkout', { json: true }, signingEnv).output).toMatch(/"env": "qa",[^}]*"version": "0\.2\.0"/);
    } finally {
      undo();
    }
  });

  it('deploys 0.1.0 once it is whole again (the refusals were about the tampering)', () => {
    succeeded(w.run('deploy', 'checkout', { env: 'qa', release: '0.1.0' }, signingEnv));
  });
});

const notSigningKeys = [
  { name: 'random text', key: () => 'just some text, not a key\n', says: /^The signing key \(environment variable TAGDEPLOY_SIGNING_KEY, signing\.key in .*\) is not a PEM private key\. Nothing was released\.$/ },
  {
    name: 'an X25519 key (agreement, not signing)',
    key: () => pem(generateKeyPairSync('x25519').privateKey, 'pkcs8'),
    says: /is a x25519 key, which cannot sign: use ECDSA P-256 .*, Ed25519 or RSA\. Nothing was released\.$/,
  },
  {
    name: 'a signing key that is not the configured public key\'s',
    key: () => pem(otherKeys.privateKey, 'pkcs8'),
    says: /^The signing key \(environment variable TAGDEPLOY_SIGNING_KEY\) does not match signing\.publicKey \(release-signing\.pub\.pem\) in .*Use the private key of that public key, or update signing\.publicKey\. Nothing was released\.$/,
  },
];

describe.each(['nx', 'cli'] as const)('a signing key that cannot sign, through the %s host', (host) => {
  it('refuses random text, an X25519 key and a wrong key before the claim, changing nothing', async () => {
    const w = await openHostShop[host]();
    try {
      configureSigning(w);
      const before = { ...(await shopState(w.shop)), bytes: await storeBytes(w) };
      for (const { name, key, says } of notSigningKeys) {
        const run = w.run('release', 'checkout', {}, { ...signingEnv, TAGDEPLOY_SIGNING_KEY: key() });
        expect(run.code, `${name}: ${run.output}`).not.toBe(0);
        expect(errorLine(run, 'SIGNING_KEY_INVALID'), `${name}: ${run.output}`).toMatch(says);
      }
      expect({ ...(await shopState(w.shop)), bytes: await storeBytes(w) }).toEqual(before);
    } finally {
      w.shop.cleanup();
    }
  });
});
