// Promote, deploy and rollback carry only what tagdeploy released: the image comes from the
// sealed release.json, never from an env file. Hand edits of staging's file (in a real bare repo,
// pushed by another clone) make promote refuse with the drift and the fix, change nothing, and
// show as drift in release-status, for the kustomize and the helm layout.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeploymentRequest } from '../env/deployment-plan';
import { runEnvChange, type EnvChangeRun } from '../env/run-env-change';
import { failure, stagingAndProduction, useTempFileStores } from '../env/testing/env-builders';
import type { GitopsLayout } from './gitops-config';
import { envFilePath } from './gitops-layout';
import { locateReleaseImage } from './locate-release-image';
import { readGitopsStatus } from './read-gitops-status';
import { renderGitopsStatus } from './render-gitops-status';
import { aGitopsBackend, digestOf, git, remoteFile, remoteHead, repositoryOf, removeTestImage, sealContainerRelease, useGitopsFixtures } from './testing/gitops-fixtures';

const fixtures = useGitopsFixtures();
const newStore = useTempFileStores();
const product = 'payments-api';
const otherDigest = `sha256:${'c'.repeat(64)}`;
const keys = { kustomize: { repository: 'newName', tag: 'newTag' }, helm: { repository: 'repository', tag: 'tag' } } as const;

/** 0.1.0 and 0.2.0 sealed (0.3.0 too, its image never pushed); staging runs 0.2.0, deployed by tagdeploy. */
async function aWorld(layout: GitopsLayout = 'kustomize') {
  const { store } = newStore();
  for (const version of ['0.1.0', '0.2.0']) await sealContainerRelease(store, product, version);
  await sealContainerRelease(store, product, '0.3.0', undefined, { pushed: false });
  const bare = fixtures.bareRemote();
  const backend = aGitopsBackend({ store, repo: await fixtures.open(bare), layout, scaffold: { repoURL: 'https://git.example/gitops.git', port: 3000, healthPath: '/health' } });
  const run = (request: DeploymentRequest, overrides: Partial<EnvChangeRun> = {}) =>
    runEnvChange(backend, { scope: { product, productEnvs: undefined, environments: stagingAndProduction() }, request, deployedBy: 'alice', approval: { approve: true, approvedBy: 'carol' }, ...overrides });
  await run({ action: 'deploy', env: 'staging', release: '0.2.0' });
  const status = async () => readGitopsStatus(store, await fixtures.open(bare), { product, envs: ['staging', 'production'], layout });
  return { store, bare, layout, run, status, stagingFile: envFilePath(layout, product, 'staging'), productionFile: envFilePath(layout, product, 'production') };
}

/** Another person edits a file in their own clone and pushes it, outside tagdeploy. */
function handEdit(bare: string, path: string, edit: (text: string) => string, message = 'hand edit', trailers = ''): void {
  const clone = fixtures.tempDir();
  git(clone, 'clone', '-q', bare, '.');
  git(clone, 'config', 'user.name', 'Hand Editor');
  git(clone, 'config', 'user.email', 'hand@example.test');
  writeFileSync(join(clone, path), edit(readFileSync(join(clone, path), 'utf8')));
  git(clone, 'commit', '-q', '-am', `${message}${trailers ? `\n\n${trailers}` : ''}`);
  git(clone, 'push', '-q', 'origin', 'HEAD:main');
}

/** Sets a field of the image (null removes its line). */
const setField = (key: string, value: string | null) => (text: string) =>
  text.replace(new RegExp(`^(\\s*)${key}: .*\\n`, 'm'), (_line, indent: string) => (value === null ? '' : `${indent}${key}: ${value}\n`));

interface HandEdit {
  name: string;
  edit: (layout: GitopsLayout) => (text: string) => string;
  /** What the drift says (in promote's refusal and in status). */
  drift: (layout: GitopsLayout, path: string) => string;
  /** The release the refusal says to deploy to staging again. */
  redeploy: string;
}

const sealed020 = `${repositoryOf(product)}@${digestOf(product, '0.2.0')}`;
const handEdits: HandEdit[] = [
  {
    name: 'the repository only',
    edit: (layout) => setField(keys[layout].repository, 'evil.example/payments-api'),
    drift: (_l, path) => `${path} names evil.example/payments-api:0.2.0@${digestOf(product, '0.2.0')}, but release.json of 0.2.0 has ${sealed020}`,
    redeploy: '0.2.0',
  },
  {
    name: 'the digest only',
    edit: () => setField('digest', otherDigest),
    drift: (_l, path) => `${path} names ${repositoryOf(product)}:0.2.0@${otherDigest}, but release.json of 0.2.0 has ${sealed020}`,
    redeploy: '0.2.0',
  },
  {
    name: 'repository and digest, keeping the tag',
    edit: (layout) => (text) => setField('digest', otherDigest)(setField(keys[layout].repository, 'evil.example/payments-api')(text)),
    drift: (_l, path) => `${path} names evil.example/payments-api:0.2.0@${otherDigest}, but release.json of 0.2.0 has ${sealed020}`,
    redeploy: '0.2.0',
  },
  {
    name: 'the tag to a version never released',
    edit: (layout) => setField(keys[layout].tag, '0.9.9'),
    drift: (_l, path) => `${path} names ${repositoryOf(product)}:0.9.9@${digestOf(product, '0.2.0')}, but 0.9.9 is not a sealed release of ${product}`,
    redeploy: '0.2.0',
  },
  {
    name: "the tag to another release, keeping this one's digest",
    edit: (layout) => setField(keys[layout].tag, '0.1.0'),
    drift: (_l, path) => `${path} names ${repositoryOf(product)}:0.1.0@${digestOf(product, '0.2.0')}, but release.json of 0.1.0 has ${repositoryOf(product)}@${digestOf(product, '0.1.0')}`,
    redeploy: '0.2.0',
  },
  {
    name: 'the tag removed',
    edit: (layout) => setField(keys[layout].tag, null),
    drift: (_l, path) => `${path} names no version, but tagdeploy last set ${repositoryOf(product)}:0.2.0@${digestOf(product, '0.2.0')} there`,
    redeploy: '0.2.0',
  },
];

describe.each(['kustomize', 'helm'] as const)('hand edits of staging (%s layout)', (layout) => {
  it.each(handEdits)('$name: promote refuses naming the drift and the fix, and commits nothing; status shows the drift', async (hand) => {
    const world = await aWorld(layout);
    handEdit(world.bare, world.stagingFile, hand.edit(layout));
    const head = remoteHead(world.bare);
    const production = remoteFile(world.bare, world.productionFile);

    const error = await failure(world.run({ action: 'promote', env: 'production' }));

    expect(error.code).toBe('ENV_DRIFT');
    expect(error.message).toBe(
      `Cannot promote ${product} from staging to production: ${hand.drift(layout, world.stagingFile)}. Promote carries exactly what tagdeploy released and staging runs, so it will not guess. Deploy the sealed release to staging again with "⟦deploy ${product} --env=staging --release=${hand.redeploy}⟧" (it writes the image release.json names), or fix the file in the GitOps repo; then promote again. Nothing changed.`,
    );
    expect(remoteHead(world.bare)).toBe(head);
    expect(remoteFile(world.bare, world.productionFile)).toBe(production);
    const status = await world.status();
    expect(status.envs[0].drift).toContain(hand.drift(layout, world.stagingFile));
    expect(status.envs[1].drift).toBeUndefined();
    expect(renderGitopsStatus(status)).toContain(`    ⚠ drift: ${hand.drift(layout, world.stagingFile)}`);
  });

  it('a deploy of the same version over a drifted env writes the sealed image back (it is not "already live")', async () => {
    const world = await aWorld(layout);
    handEdit(world.bare, world.stagingFile, setField('digest', otherDigest));

    const { result } = await world.run({ action: 'deploy', env: 'staging', release: '0.2.0' });

    expect(result.plan).toMatchObject({ status: 'ready', from: '0.2.0', to: '0.2.0', image: { digest: digestOf(product, '0.2.0') } });
    expect(remoteFile(world.bare, world.stagingFile)).toContain(`digest: ${digestOf(product, '0.2.0')}`);
    expect((await world.status()).envs[0].drift).toBeUndefined();
    const promoted = await world.run({ action: 'promote', env: 'production' });
    expect(promoted.result.plan.image).toEqual({ repository: repositoryOf(product), tag: '0.2.0', digest: digestOf(product, '0.2.0') });
  });
});

describe('what promote, deploy and rollback carry', () => {
  it('a hand edit that matches the sealed release shows as set outside tagdeploy, and promote carries the sealed image', async () => {
    const world = await aWorld();
    handEdit(world.bare, world.stagingFile, (text) => setField('digest', digestOf(product, '0.1.0'))(setField('newTag', '0.1.0')(text)), 'back to 0.1.0 by hand');
    const edited = git(world.bare, 'rev-parse', '--short=7', 'main');

    expect((await world.status()).envs[0].drift).toBe(
      `set outside tagdeploy (commit ${edited} by Hand Editor); tagdeploy last set ${repositoryOf(product)}:0.2.0@${digestOf(product, '0.2.0')}`,
    );
    const { result } = await world.run({ action: 'promote', env: 'production' });
    expect(result.plan).toMatchObject({ to: '0.1.0', image: { repository: repositoryOf(product), digest: digestOf(product, '0.1.0') } });
    expect(remoteFile(world.bare, world.productionFile)).toContain(`newTag: 0.1.0\n  digest: ${digestOf(product, '0.1.0')}`);
  });

  it('rollback takes the image from release.json, not from a forged deployment commit', async () => {
    const world = await aWorld();
    const forged = `evil.example/payments-api:0.1.0@${otherDigest}`;
    handEdit(world.bare, world.stagingFile, (text) => setField('digest', otherDigest)(setField('newName', 'evil.example/payments-api')(setField('newTag', '0.1.0')(text))), 'deploy payments-api 0.1.0 to staging', `Action: deploy\nProduct: ${product}\nEnvironment: staging\nFrom-Version: 0.2.0\nTo-Version: 0.1.0\nImage: ${forged}\nRequested-By: mallory`);
    await world.run({ action: 'deploy', env: 'staging', release: '0.2.0' });

    const { result } = await world.run({ action: 'rollback', env: 'staging', reason: 'slow' });

    expect(result.plan).toMatchObject({ to: '0.1.0', image: { repository: repositoryOf(product), digest: digestOf(product, '0.1.0') } });
    expect(remoteFile(world.bare, world.stagingFile)).toContain(`newName: ${repositoryOf(product)}\n  newTag: 0.1.0\n  digest: ${digestOf(product, '0.1.0')}`);
  });

  it('refuses a release whose image is not in the registry, before approval, and commits nothing', async () => {
    const world = await aWorld();
    const head = remoteHead(world.bare);
    let asked = false;

    const error = await failure(world.run({ action: 'deploy', env: 'production', release: '0.3.0' }, { approval: {}, confirm: async () => ((asked = true), { confirmed: true, identity: 'carol' }) }));

    expect(error.code).toBe('IMAGE_NOT_IN_REGISTRY');
    expect(error.message).toBe(
      `${product} 0.3.0 cannot go to production: its release.json names ${repositoryOf(product)}@${digestOf(product, '0.3.0')}, but oci:test-registry has no such manifest in ${product} (deleted, or the registry was reset). Push that image back by its digest, or deploy another release with "⟦deploy ${product} --env=production --release=<version>⟧". Nothing changed.`,
    );
    expect(asked).toBe(false);
    expect(remoteHead(world.bare)).toBe(head);
  });

  it('refuses a rollback to a release whose image was deleted from the registry since', async () => {
    const world = await aWorld();
    await world.run({ action: 'deploy', env: 'staging', release: '0.1.0' });
    await world.run({ action: 'deploy', env: 'staging', release: '0.2.0' });
    const head = remoteHead(world.bare);
    removeTestImage(world.store, product, '0.1.0');

    const error = await failure(world.run({ action: 'rollback', env: 'staging', reason: 'slow' }));

    expect(error.code).toBe('IMAGE_NOT_IN_REGISTRY');
    expect(error.message).toContain(`${product} 0.1.0 cannot go to staging: its release.json names ${repositoryOf(product)}@${digestOf(product, '0.1.0')}`);
    expect(remoteHead(world.bare)).toBe(head);
  });
});

describe('locateReleaseImage: the registry a pullable name lives in', () => {
  it('reads "oci:<folder>/<image>" as an image layout folder relative to the workspace', () => {
    const located = locateReleaseImage('oci:.tagdeploy/registry/payments-api', '/work/shop');
    expect(located.repository).toBe('payments-api');
    expect(located.registry.location).toBe('oci:.tagdeploy/registry');
  });

  it('reads "host[:port]/<repository>" as that registry and the rest of the name', () => {
    const located = locateReleaseImage('127.0.0.1:5000/team/payments-api', '/work/shop');
    expect(located.repository).toBe('team/payments-api');
    expect(located.registry.location).toBe('127.0.0.1:5000');
  });
});
