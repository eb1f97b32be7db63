// Reads the keys of the `signing` setting: the private key that signs at the seal (checked before
// anything is claimed: missing, unreadable, a public key, a key that cannot sign, a key that does
// not match the configured public key) and the public key that verification checks against.
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TagdeployError } from '../errors/tagdeploy-error';
import { settingsFile } from '../commands/spelling';
import type { SigningSettings } from './signing-settings';

export interface VerificationKey {
  publicKey: KeyObject;
  /** sha256 of the public key (SPKI DER), hex: the bundle's key hint. */
  keyId: string;
}

export interface SigningKey extends VerificationKey {
  privateKey: KeyObject;
}

interface KeySources {
  signing: SigningSettings | undefined;
  workspaceRoot: string;
  environment: NodeJS.ProcessEnv;
}

/** The configured private key, or undefined when none is configured (releases stay unsigned). */
export function readSigningKey({ signing, workspaceRoot, environment }: KeySources): SigningKey | undefined {
  if (!signing?.key) return undefined;
  const pem = readPem(signing.key, 'signing.key', workspaceRoot, environment);
  const privateKey = parsePrivateKey(pem, signing.key);
  const key = { privateKey, ...identify(createPublicKey(privateKey)) };
  if (signing.publicKey) {
    const expected = readVerificationKey({ signing, workspaceRoot, environment });
    if (expected && expected.keyId !== key.keyId) {
      throw new TagdeployError(
        'SIGNING_KEY_INVALID',
        `The signing key (${describe(signing.key)}) does not match signing.publicKey (${describe(signing.publicKey)}) in ${settingsFile}: releases it signs would fail verification. Use the private key of that public key, or update signing.publicKey. Nothing was released.`,
      );
    }
  }
  return key;
}

/** The key that verifies: signing.publicKey, else the public half of signing.key; undefined when neither is configured. */
export function readVerificationKey({ signing, workspaceRoot, environment }: KeySources): VerificationKey | undefined {
  if (signing?.publicKey) {
    const pem = readPem(signing.publicKey, 'signing.publicKey', workspaceRoot, environment);
    try {
      return identify(createPublicKey(pem));
    } catch {
      throw new TagdeployError('SIGNING_KEY_INVALID', `signing.publicKey (${describe(signing.publicKey)}) is not a PEM public key. Export it with "openssl pkey -in key.pem -pubout", and point signing.publicKey at that file.`);
    }
  }
  if (signing?.key) return readSigningKey({ signing: { key: signing.key }, workspaceRoot, environment });
  return undefined;
}

function readPem(source: string, setting: string, workspaceRoot: string, environment: NodeJS.ProcessEnv): string {
  if (source.startsWith('env:')) {
    const name = source.slice('env:'.length);
    const value = environment[name];
    if (!value?.trim()) {
      throw new TagdeployError('SIGNING_KEY_MISSING', `${setting} in ${settingsFile} reads the key from the environment variable ${name}, which is not set. Set it to the PEM text of the key (a CI secret), or remove ${setting} to release unsigned. Nothing was released.`);
    }
    return value;
  }
  const path = isAbsolute(source) ? source : join(workspaceRoot, source);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new TagdeployError('SIGNING_KEY_MISSING', `${setting} in ${settingsFile} names the key file ${source}, which cannot be read (${why}). Create it (see "Signed releases" in the README), or remove ${setting} to release unsigned. Nothing was released.`);
  }
}

const signingTypes = new Set(['ec', 'ed25519', 'rsa', 'rsa-pss']);

function parsePrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MISSING_PASSPHRASE') throw invalid(source, 'is encrypted with a passphrase; tagdeploy needs the unencrypted PEM (keep it in a CI secret instead)');
    if (isPublicKey(pem)) throw invalid(source, 'is a public key: signing needs the private key (the public one goes in signing.publicKey)');
    throw invalid(source, 'is not a PEM private key');
  }
  const type = key.asymmetricKeyType ?? 'unknown';
  if (!signingTypes.has(type)) throw invalid(source, `is a ${type} key, which cannot sign: use ECDSA P-256 ("openssl ecparam -genkey -name prime256v1 -noout"), Ed25519 or RSA`);
  return key;
}

function isPublicKey(pem: string): boolean {
  try {
    createPublicKey({ key: pem, format: 'pem' });
    return !/PRIVATE KEY/.test(pem);
  } catch {
    return false;
  }
}

function identify(publicKey: KeyObject): VerificationKey {
  return { publicKey, keyId: createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex') };
}

const describe = (source: string): string => (source.startsWith('env:') ? `environment variable ${source.slice(4)}` : source);

const invalid = (source: string, why: string): TagdeployError =>
  new TagdeployError('SIGNING_KEY_INVALID', `The signing key (${describe(source)}, signing.key in ${settingsFile}) ${why}. Nothing was released.`);
