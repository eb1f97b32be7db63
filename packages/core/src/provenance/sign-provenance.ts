// Signs a provenance statement as a Sigstore bundle (v0.3, DSSE envelope) with a plain key:
// @sigstore/sign's DSSEBundleBuilder with our own Signer (public-key verification material with
// a key hint) and no witnesses, so no transparency log or timestamp authority is needed: offline.
import { sign } from 'node:crypto';
import type { SerializedBundle } from '@sigstore/bundle';
import type { Signer } from '@sigstore/sign';
import { IN_TOTO_PAYLOAD_TYPE, type ProvenanceStatement } from './provenance-statement';
import type { SigningKey } from './read-signing-key';

export async function signProvenance(statement: ProvenanceStatement, key: SigningKey): Promise<SerializedBundle> {
  // Loaded when used, as in verify-provenance-bundle.ts.
  const { bundleToJSON } = require('@sigstore/bundle') as typeof import('@sigstore/bundle');
  const { DSSEBundleBuilder } = require('@sigstore/sign') as typeof import('@sigstore/sign');
  const signer: Signer = {
    // null: the digest the key type implies (SHA-256 for ECDSA and RSA; none for Ed25519), which
    // is also what @sigstore/verify uses when it checks the signature.
    sign: async (data) => ({
      signature: sign(null, data, key.privateKey),
      key: { $case: 'publicKey', publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), hint: key.keyId },
    }),
  };
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [] }).create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE });
  return bundleToJSON(bundle);
}
