// The in-toto statement tagdeploy signs at the seal, and where its Sigstore bundle lives.
import { releasePrefix } from '../release/release-manifest';

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const BUILD_TYPE = 'urn:tagdeploy:build-target:v1';
/** The subject that stands for release.json itself: its bytes are signed too. */
export const MANIFEST_SUBJECT = 'release.json';

export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ProvenanceStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: ResourceDescriptor[];
  predicateType: typeof SLSA_PROVENANCE_TYPE;
  predicate: {
    buildDefinition: {
      buildType: string;
      externalParameters: { product: string; kind: string; version: string; tag: string; buildTarget: string };
      internalParameters: Record<string, never>;
      resolvedDependencies: ResourceDescriptor[];
    };
    runDetails: {
      builder: { id: string; version: Record<string, string> };
      metadata: { finishedOn: string };
    };
  };
}

export const provenanceKey = (product: string, version: string): string => `${releasePrefix(product, version)}provenance.sigstore.json`;
