// Checks a Sigstore bundle's DSSE signature against one public key with @sigstore/verify (no
// transparency log, no timestamps: the key is the trust root), and returns the signed statement.
import type { toSignedEntity } from '@sigstore/verify';
import { TagdeployError } from '../errors/tagdeploy-error';
import { IN_TOTO_PAYLOAD_TYPE, IN_TOTO_STATEMENT_TYPE, SLSA_PROVENANCE_TYPE, type ProvenanceStatement } from './provenance-statement';
import type { VerificationKey } from './read-signing-key';

const emptyTrustedRoot = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

/** `where` names the bundle in messages ("checkout 0.2.0 (store/.../provenance.sigstore.json)"). */
export function verifyProvenanceBundle(bytes: Buffer, key: VerificationKey, where: string): ProvenanceStatement {
  // Loaded when used: the sigstore libraries are a tenth of a second of start-up that every
  // command of the engine would pay otherwise, signed or not.
  const { bundleFromJSON } = require('@sigstore/bundle') as typeof import('@sigstore/bundle');
  const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify') as typeof import('@sigstore/verify');
  let entity: ReturnType<typeof toSignedEntity>;
  let payload: Buffer;
  try {
    const bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')));
    if (bundle.content.$case !== 'dsseEnvelope' || bundle.content.dsseEnvelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new Error('not a DSSE in-toto bundle');
    payload = bundle.content.dsseEnvelope.payload;
    entity = toSignedEntity(bundle);
  } catch (error) {
    throw new TagdeployError('SIGNATURE_INVALID', `The provenance bundle of ${where} is not a Sigstore DSSE bundle (${(error as Error).message}): it was damaged or replaced. Release a new version, or restore the bundle from a backup.`);
  }
  // The hint in the bundle is not trusted: whatever it says, only the configured key may verify.
  const trust = toTrustMaterial(emptyTrustedRoot as never, () => ({ publicKey: key.publicKey, validFor: () => true }));
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(entity);
  } catch {
    throw new TagdeployError(
      'SIGNATURE_INVALID',
      `The provenance signature of ${where} does not verify with the configured public key (key ${key.keyId.slice(0, 16)}…): the bundle was changed, or it was signed with another key. Check signing.publicKey, or treat the release as tampered with and deploy another one.`,
    );
  }
  const statement = JSON.parse(payload.toString('utf8')) as ProvenanceStatement;
  if (statement._type !== IN_TOTO_STATEMENT_TYPE || statement.predicateType !== SLSA_PROVENANCE_TYPE || !Array.isArray(statement.subject)) {
    throw new TagdeployError('SIGNATURE_INVALID', `The provenance bundle of ${where} is signed but holds no SLSA provenance statement. Release a new version.`);
  }
  return statement;
}
