// release refuses, before anything is built or tagged, what the settings and tagdeploy.json say
// that cannot work or is not safe: an output folder (or a container's context) that leads out of
// the workspace, also through a symlinked folder; a build target that is one of tagdeploy's own;
// a tag pattern git cannot take; an empty release branch. Real git, a bare remote, a FileStore.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFile, createBareRemote, createTempRepo, type TempRepo } from '../git/testing/git-fixture';
import { releaseProduct } from './release-product';
import { aTestHost, type TestHost } from './testing/test-host';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

interface Fixture {
  repo: TempRepo;
  remote: TempRepo;
  outside: string;
  storeDir: string;
  host(options?: { settings?: Record<string, unknown>; output?: string }): TestHost;
}

/** checkout with one feat commit, pushed; a folder outside the workspace holds a "secret". */
function aWorkspace(config: Record<string, unknown>): Fixture {
  const repo = createTempRepo();
  const remote = createBareRemote(repo);
  const outside = mkdtempSync(join(tmpdir(), 'tagdeploy-outside-'));
  const storeDir = mkdtempSync(join(tmpdir(), 'tagdeploy-store-'));
  cleanups.push(repo.cleanup, remote.cleanup, () => rmSync(outside, { recursive: true, force: true }), () => rmSync(storeDir, { recursive: true, force: true }));
  mkdirSync(join(outside, 'keys'));
  commitFile(repo, '.gitignore', 'dist/\n', 'chore: ignore build output');
  commitFile(repo, 'apps/checkout/tagdeploy.json', JSON.stringify(config), 'chore: checkout is a product');
  commitFile(repo, 'apps/checkout/src/cart.ts', 'export const cart = 1;\n', 'feat(checkout): cart');
  repo.git('push', '-q', 'origin', 'main');
  return {
    repo,
    remote,
    outside,
    storeDir,
    host: ({ settings = {}, output = 'dist/apps/checkout' } = {}) =>
      aTestHost(repo.dir, {
        settings: { store: `file:${storeDir}`, ...settings },
        projects: { checkout: { name: 'checkout', root: 'apps/checkout', dependencies: [], targets: ['build'] } },
        outputs: { checkout: output },
      }),
  };
}

/** Commits a symlink (the tree stays clean, as a committed link would be in a real repo). */
function commitLink(fixture: Fixture, path: string, target: string): void {
  mkdirSync(join(fixture.repo.dir, path, '..'), { recursive: true });
  symlinkSync(target, join(fixture.repo.dir, path));
  fixture.repo.git('add', '-f', '--', path);
  fixture.repo.git('commit', '-q', '-m', `chore: link ${path}`);
  fixture.repo.git('push', '-q', 'origin', 'main');
}

async function refusal(fixture: Fixture, host: TestHost): Promise<{ code?: string; message: string }> {
  const error = await releaseProduct({ product: 'checkout' }, host).then(
    () => undefined,
    (thrown: unknown) => thrown as { code?: string; message: string },
  );
  if (!error) throw new Error('expected the release to be refused, but it went ahead');
  // Nothing was built, tagged, claimed or published.
  expect(host.builds).toEqual([]);
  expect(fixture.repo.git('tag', '--list')).toBe('');
  expect(fixture.remote.git('tag', '--list')).toBe('');
  expect(readdirSync(fixture.storeDir)).toEqual([]);
  return error;
}

const staticCheckout = (outputPath: string, extra: Record<string, unknown> = {}) => ({ kind: 'static', buildTarget: 'build', outputPath, ...extra });

describe('release refuses an output folder outside the workspace before building or tagging', () => {
  it('through a committed link to a folder outside', async () => {
    const fixture = aWorkspace(staticCheckout('dist/apps/checkout'));
    commitLink(fixture, 'dist', fixture.outside);

    const error = await refusal(fixture, fixture.host());

    expect(error.code).toBe('UNSAFE_OUTPUT');
    expect(error.message).toContain(`apps/checkout/tagdeploy.json: outputPath "dist/apps/checkout" leads outside the workspace: dist is a link to ${fixture.outside}`);
  });

  it('through a relative link that climbs out', async () => {
    const fixture = aWorkspace(staticCheckout('apps/checkout/public/keys'));
    commitLink(fixture, 'apps/checkout/public', '../../..');

    expect((await refusal(fixture, fixture.host({ output: 'apps/checkout/public/keys' }))).message).toContain('outputPath "apps/checkout/public/keys" leads outside the workspace: apps/checkout/public is a link to');
  });

  it('for a container build context linked outside', async () => {
    const fixture = aWorkspace({ kind: 'container', buildTarget: 'build', image: 'checkout', builder: 'docker', outputPath: 'dist/apps/checkout', context: 'docker' });
    commitLink(fixture, 'docker', fixture.outside);

    const error = await refusal(fixture, fixture.host());

    expect(error.code).toBe('UNSAFE_OUTPUT');
    expect(error.message).toContain(`context "docker" leads outside the workspace: docker is a link to ${fixture.outside}`);
  });

  it.each(['../secret', '/etc', 'dist/../../secret'])('for outputPath %s, in the tagdeploy.json validation with its path', async (outputPath) => {
    const fixture = aWorkspace(staticCheckout(outputPath));

    const error = await refusal(fixture, fixture.host());

    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(`apps/checkout/tagdeploy.json has 1 problem: outputPath: "${outputPath}" leads outside the workspace`);
  });

  it('and releases through a link that stays inside the workspace', async () => {
    const fixture = aWorkspace(staticCheckout('dist'));
    commitFile(fixture.repo, '.gitignore', 'dist\napps/checkout/out/\n', 'chore: ignore the link and the folder behind it');
    fixture.repo.git('push', '-q', 'origin', 'main');
    symlinkSync('apps/checkout/out', join(fixture.repo.dir, 'dist'));
    const host = fixture.host({ output: 'apps/checkout/out' });

    const { result } = await releaseProduct({ product: 'checkout' }, host);

    expect(host.builds).toEqual(['checkout']);
    expect(result).toMatchObject({ status: 'released' });
    expect(fixture.remote.git('tag', '--list')).toBe('checkout@0.1.0');
  });
});

describe('release refuses settings that cannot work before building or tagging', () => {
  it.each([
    ['deploy', 'deploy'],
    ['release-product', 'releaseProduct'],
  ])('a build target named %s (tagdeploy\'s %s target)', async (buildTarget, key) => {
    const fixture = aWorkspace(staticCheckout('dist/apps/checkout', { buildTarget }));

    const error = await refusal(fixture, fixture.host());

    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(
      `apps/checkout/tagdeploy.json: buildTarget "${buildTarget}" of checkout is also tagdeploy's ${key} target (targetNames.${key} in ⟦settings⟧), so a release would run that instead of the build. Nothing was built or tagged: point "buildTarget" at the target that builds checkout, or rename targetNames.${key}.`,
    );
  });

  it.each([
    [{ tagPattern: '{product} v{version}' }, 'tagPattern: "{product} v{version}" makes tags git refuses'],
    [{ tagPattern: '{product}@{version}.lock' }, 'tagPattern: "{product}@{version}.lock" makes tags git refuses'],
    [{ releaseBranch: '' }, 'releaseBranch: must not be empty'],
    [{ targetNames: { deploy: 'promote' } }, 'targetNames.promote: "promote" is also the name of targetNames.deploy'],
  ])('%j', async (settings, says) => {
    const fixture = aWorkspace(staticCheckout('dist/apps/checkout'));

    const error = await refusal(fixture, fixture.host({ settings }));

    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(says);
  });

  it('a product tag pattern that git cannot take', async () => {
    const fixture = aWorkspace(staticCheckout('dist/apps/checkout', { tagPattern: '{product}:{version}' }));

    expect((await refusal(fixture, fixture.host())).message).toContain('apps/checkout/tagdeploy.json has 1 problem: tagPattern: "{product}:{version}" makes tags git refuses');
  });
});
