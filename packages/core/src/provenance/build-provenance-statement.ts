// Pure: the provenance statement of a release from what its seal records (release.json), so that
// every kind gets one: each file's sha256 (static), the image digest (container), release.json's
// own bytes; materials: the repository, the commit and the tag; builder: tagdeploy and the target.
import { createHash } from 'node:crypto';
import type { ReleaseManifest } from '../release/release-manifest';
import { BUILD_TYPE, IN_TOTO_STATEMENT_TYPE, MANIFEST_SUBJECT, SLSA_PROVENANCE_TYPE, type ProvenanceStatement, type ResourceDescriptor } from './provenance-statement';

export interface ProvenanceInputs {
  manifest: ReleaseManifest;
  /** The exact bytes of release.json that the seal writes. */
  manifestBody: Buffer;
  buildTarget: string;
  /** The remote the tag was claimed on (credentials stripped), or null for a local release. */
  repository: string | null;
}

export function buildProvenanceStatement({ manifest, manifestBody, buildTarget, repository }: ProvenanceInputs): ProvenanceStatement {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [...artifactSubjects(manifest), { name: MANIFEST_SUBJECT, digest: { sha256: createHash('sha256').update(manifestBody).digest('hex') } }],
    predicateType: SLSA_PROVENANCE_TYPE,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: { product: manifest.product, kind: manifest.kind, version: manifest.version, tag: manifest.tag, buildTarget },
        internalParameters: {},
        resolvedDependencies: [
          {
            ...(repository ? { uri: `git+${repository}@refs/tags/${manifest.tag}` } : {}),
            name: manifest.tag,
            digest: { gitCommit: manifest.commit },
            annotations: { tag: manifest.tag, ...(repository ? { repository } : {}) },
          },
        ],
      },
      runDetails: {
        builder: { id: `urn:tagdeploy:${manifest.tool.name}@${manifest.tool.version}`, version: { [manifest.tool.name]: manifest.tool.version, buildTarget } },
        metadata: { finishedOn: manifest.builtAt },
      },
    },
  };
}

/** What the release consists of, as the seal records it: files, and the image for a container. */
export function artifactSubjects(manifest: ReleaseManifest): ResourceDescriptor[] {
  const files = manifest.files.map((file) => ({ name: file.path, digest: { sha256: file.sha256 } }));
  const image = manifest.image ? [{ name: `${manifest.image.repository}@${manifest.image.digest}`, digest: { sha256: manifest.image.digest.replace(/^sha256:/, '') } }] : [];
  return [...files, ...image];
}

/** A git URL without user:password (a token in an https remote must never be signed into a file). */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}
