import { describe, expect, it } from 'vitest';
import { refusalOf } from '../env/testing/env-builders';
import { editEnvImage } from './edit-env-image';
import type { EnvFileRef } from './locate-env-image';
import { readEnvImage } from './read-env-image';

const digestA = `sha256:${'a'.repeat(64)}`;
const digestB = `sha256:${'b'.repeat(64)}`;
const kustomize: EnvFileRef = { layout: 'kustomize', path: 'apps/payments-api/envs/staging/kustomization.yaml', product: 'payments-api', repository: 'registry.example/payments-api' };
const helm: EnvFileRef = { layout: 'helm', path: 'apps/payments-api/envs/staging/values.yaml', product: 'payments-api' };
const update = { repository: 'registry.example/payments-api', tag: '0.2.0', digest: digestB };

describe('editEnvImage, kustomize', () => {
  it('changes only the tag and digest, keeping comments, quotes, spacing and other entries', () => {
    const before = `# staging overlay: Argo CD syncs this folder
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../../base]   # the shared base

images:
- name: payments-api   # our service
  newName: registry.example/payments-api
  newTag: "0.1.0"  # set by tagdeploy
  digest: ${digestA}
- name: sidecar
  newTag: '1.0'
`;
    expect(editEnvImage(before, kustomize, update)).toBe(`# staging overlay: Argo CD syncs this folder
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../../base]   # the shared base

images:
- name: payments-api   # our service
  newName: registry.example/payments-api
  newTag: "0.2.0"  # set by tagdeploy
  digest: ${digestB}
- name: sidecar
  newTag: '1.0'
`);
  });

  it('adds the missing keys under an entry with indented sequences, after its last key', () => {
    const before = `resources:
  - ../../base
images:
  - name: payments-api
    # no version yet
    newName: registry.example/payments-api
# trailing comment
`;
    expect(editEnvImage(before, kustomize, update)).toBe(`resources:
  - ../../base
images:
  - name: payments-api
    # no version yet
    newName: registry.example/payments-api
    newTag: 0.2.0
    digest: ${digestB}
# trailing comment
`);
  });

  it('fills keys that are present without a value', () => {
    const before = `images:\n- name: payments-api\n  newTag:\n  digest:\n`;
    expect(editEnvImage(before, { ...kustomize, repository: null }, { ...update, repository: null })).toBe(
      `images:\n- name: payments-api\n  newTag: 0.2.0\n  digest: ${digestB}\n`,
    );
  });

  it('appends an images block when the file has none', () => {
    const before = `# overlay\nresources:\n- ../../base\n`;
    expect(editEnvImage(before, kustomize, update)).toBe(
      `# overlay\nresources:\n- ../../base\nimages:\n- name: payments-api\n  newName: registry.example/payments-api\n  newTag: 0.2.0\n  digest: ${digestB}\n`,
    );
  });

  it('adds an entry for the product when several others are listed, keeping them and their comments', () => {
    const before = `images:\n- name: sidecar # keep me\n  newTag: "1.0"\n- name: proxy\n  newTag: "2.0"\n`;
    const after = editEnvImage(before, kustomize, update);
    expect(after).toContain('- name: sidecar # keep me\n  newTag: "1.0"\n- name: proxy\n  newTag: "2.0"\n- name: payments-api\n');
    expect(readEnvImage(after, kustomize)).toEqual({ name: 'payments-api', repository: 'registry.example/payments-api', tag: '0.2.0', digest: digestB });
  });

  it('quotes a version that YAML would read as a number', () => {
    const after = editEnvImage('images:\n- name: payments-api\n  newTag: 0.1.0\n', { ...kustomize, repository: null }, { repository: null, tag: '1.0', digest: digestB });
    expect(after).toBe(`images:\n- name: payments-api\n  newTag: "1.0"\n  digest: ${digestB}\n`);
    expect(readEnvImage(after, kustomize)?.tag).toBe('1.0');
  });
});

describe('editEnvImage, helm values', () => {
  it('changes image.tag and image.digest and keeps the rest of the values', () => {
    const before = `replicaCount: 2 # two pods

image:
  repository: registry.example/payments-api
  tag: 0.1.0       # set by tagdeploy
  digest: "${digestA}"
  pullPolicy: IfNotPresent
`;
    expect(editEnvImage(before, helm, update)).toBe(`replicaCount: 2 # two pods

image:
  repository: registry.example/payments-api
  tag: 0.2.0       # set by tagdeploy
  digest: "${digestB}"
  pullPolicy: IfNotPresent
`);
  });

  it('adds an image block when the values have none', () => {
    expect(editEnvImage('replicaCount: 1\n', helm, update)).toBe(
      `replicaCount: 1\nimage:\n  repository: registry.example/payments-api\n  tag: 0.2.0\n  digest: ${digestB}\n`,
    );
  });
});

describe('env files that cannot be read', () => {
  it('refuses YAML that does not parse, naming the file and the line', () => {
    const refusal = refusalOf(() => editEnvImage('images:\n- name: payments-api\n  newTag: [0.1.0\n', kustomize, update));
    expect(refusal.code).toBe('GITOPS_FILE_INVALID');
    expect(refusal.message).toContain('apps/payments-api/envs/staging/kustomization.yaml cannot be read: it is not valid YAML (line');
    expect(refusal.message).toContain('leaves it as it is');
  });

  it('refuses an images key that is not a list', () => {
    expect(refusalOf(() => editEnvImage('images: payments-api\n', kustomize, update))).toMatchObject({
      code: 'GITOPS_FILE_INVALID',
      message: expect.stringContaining('"images" is not a list'),
    });
  });

  it('refuses a helm image that is not a mapping', () => {
    expect(refusalOf(() => editEnvImage('image: registry.example/payments-api:0.1.0\n', helm, update)).code).toBe('GITOPS_FILE_INVALID');
  });
});
