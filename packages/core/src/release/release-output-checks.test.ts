// What can be checked before the claim is refused before the tag exists: names the store cannot
// hold, more bytes than it has room for, an output folder that overlaps the store, a release
// folder that holds another release, a tag git would refuse. Each refusal changes nothing (tags
// here and on the remote, the store, HEAD). Real git, a bare remote, a real FileStore.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statfsSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../store/file-store';
import { createReleaseWorld, type ReleaseWorld, type RunOptions } from './testing/release-world';
import type { TempRepo } from '../git/testing/git-fixture';

let world: ReleaseWorld;
afterEach(() => world?.cleanup());

/** A release that must be refused with `code`; returns its message after checking that nothing changed. */
async function refused(repo: TempRepo, options: RunOptions, code: string): Promise<string> {
  const before = world.state(repo);
  const run = await world.release(repo, options);
  expect(run.error?.code, run.error?.message ?? run.outcome?.status).toBe(code);
  expect(run.error?.message.split('\n')).toHaveLength(1);
  expect(world.state(repo)).toEqual(before);
  return run.error?.message as string;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('files the store cannot hold are refused before the tag', () => {
  it.each([
    ['a backslash', 'assets\\app.js', 'contains a backslash'],
    ['a newline', 'app\n.js', 'contains a control character'],
    ['a tab', 'tab\there.css', 'contains a control character'],
    ['a name of 251 bytes', `${'n'.repeat(247)}.css`, 'has a part of 251 bytes; a folder store takes at most 250 bytes'],
    ['a name the store keeps for itself', '.tagdeploy-tmp-123', 'has a part starting with .tagdeploy-tmp- or .tagdeploy-lock-, names the store keeps for itself'],
  ])('a file name with %s', async (_what, name, why) => {
    world = createReleaseWorld();
    const repo = world.clone();

    const message = await refused(repo, { output: (dir) => (writeFileSync(join(dir, 'index.html'), 'x'), writeFileSync(join(dir, name), 'y')) }, 'UNPUBLISHABLE_OUTPUT');

    expect(message).toContain(`Build output dist/apps/checkout of checkout cannot be published to file:${world.storeDir}: ${JSON.stringify(name)} ${why}`);
    expect(message).toMatch(/Change the build of checkout \(or the store\) and run again; nothing was tagged or published\.$/);
  });

  it('names every file it refuses, five at most and how many more', async () => {
    world = createReleaseWorld();
    const repo = world.clone();
    const names = Array.from({ length: 7 }, (_, i) => `bad\\${i}.js`);

    const message = await refused(repo, { output: (dir) => names.forEach((name) => writeFileSync(join(dir, name), name)) }, 'UNPUBLISHABLE_OUTPUT');

    expect(message).toContain('"bad\\\\0.js" contains a backslash; "bad\\\\1.js" contains a backslash');
    expect(message).toContain('; and 2 more.');
  });

  it('a file larger than the free space of the store\'s disk, before reading a byte of it', async () => {
    world = createReleaseWorld();
    const repo = world.clone();
    const { bavail, bsize } = statfsSync(world.storeDir);

    const message = await refused(repo, {
      output: (dir) => {
        writeFileSync(join(dir, 'index.html'), 'x');
        writeFileSync(join(dir, 'huge.bin'), '');
        truncateSync(join(dir, 'huge.bin'), bavail * bsize + 2 ** 30);
      },
    }, 'UNPUBLISHABLE_OUTPUT');

    expect(message).toMatch(/cannot be published to file:.*: needs [\d.]+ GiB but the filesystem of .* has [\d.]+ GiB free\. Free some space, or point the store at a larger disk/);
  });

  it('an output folder that holds the store\'s folder', async () => {
    world = createReleaseWorld();
    const repo = world.clone();
    const storeAt = join(repo.dir, 'dist/apps/checkout/.store');

    const message = await refused(repo, { storeAt }, 'UNPUBLISHABLE_OUTPUT');

    expect(message).toContain(`the folder ${join(repo.dir, 'dist/apps/checkout')} overlaps the store's folder ${storeAt}: publishing would read what it writes`);
  });
});

describe('a release folder that holds another release is refused before the tag', () => {
  it('a sealed release of this version under an earlier tag pattern', async () => {
    world = createReleaseWorld();
    const repo = world.clone();
    const old = await world.release(repo, { settings: { tagPattern: '{product}-v{version}' } });
    expect(old.outcome?.status).toBe('released');
    const sealedCommit = repo.git('rev-parse', 'HEAD').slice(0, 7);

    const message = await refused(repo, {}, 'RELEASE_FOLDER_TAKEN');

    expect(message).toBe(
      `file:${world.storeDir}/checkout/releases/0.1.0/ already holds a sealed release of checkout 0.1.0 (tag checkout-v0.1.0 at ${sealedCommit}, built 2024-05-01T10:00:00.000Z), not this one (tag checkout@0.1.0 at ${sealedCommit}): the tag pattern changed or that release's tag was deleted. Pick another version with ⟦release checkout --release-as=<version>⟧ above 0.1.0, or restore tag checkout-v0.1.0 if it was deleted; nothing was tagged or published.`,
    );
  });

  it.each([
    ['a file this build does not have', { 'assets/app-old.js': 'old' }, 'assets/app-old.js'],
    ['a file of this build with other bytes', { 'index.html': '<p>another build</p>' }, 'index.html (other bytes)'],
  ])('an unsealed folder with %s', async (_what, objects, listed) => {
    world = createReleaseWorld();
    const repo = world.clone();
    const store = new FileStore(world.storeDir, 'file:x');
    for (const [path, text] of Object.entries(objects)) await store.create(`checkout/releases/0.1.0/${path}`, Buffer.from(text), { contentType: 'text/plain', sha256: sha(text) });

    const message = await refused(repo, { output: (dir) => writeFileSync(join(dir, 'index.html'), '<p>this build</p>') }, 'RELEASE_FOLDER_TAKEN');

    expect(message).toBe(
      `file:${world.storeDir}/checkout/releases/0.1.0/ already holds 1 file that is not this build of checkout 0.1.0 (${listed}) and no release.json: an unfinished release of 0.1.0 from before (another tag pattern, a deleted tag) left them. Pick another version with ⟦release checkout --release-as=<version>⟧ above 0.1.0, or delete that folder if 0.1.0 was never deployed; nothing was tagged or published.`,
    );
  });

  it('releases over files of this very build (an attempt that never tagged), and seals', async () => {
    world = createReleaseWorld();
    const repo = world.clone();
    const store = new FileStore(world.storeDir, 'file:x');
    await store.create('checkout/releases/0.1.0/index.html', Buffer.from('<p>this build</p>'), { contentType: 'text/html', sha256: sha('<p>this build</p>') });

    const run = await world.release(repo, { output: (dir) => writeFileSync(join(dir, 'index.html'), '<p>this build</p>') });

    expect(run.outcome).toMatchObject({ status: 'released', artifact: { kind: 'static', uploaded: { created: 0, existing: 1 } } });
    expect(world.storeFiles()).toEqual(['checkout/releases/0.1.0/index.html', 'checkout/releases/0.1.0/release.json']);
  });
});

describe('the publish record of an earlier attempt', () => {
  it('is not taken for a foreign file: the release goes on over it, seals, and the record is gone', async () => {
    world = createReleaseWorld();
    const repo = world.clone();
    const store = new FileStore(world.storeDir, 'file:x');
    await store.create('checkout/releases/0.1.0/index.html', Buffer.from('<p>this build</p>'), { contentType: 'text/html', sha256: sha('<p>this build</p>') });
    const record = JSON.stringify({ schemaVersion: 1, claim: 'checkout@0.1.0 0000000000000000000000000000000000000000', files: [{ path: 'index.html', size: 17, sha256: sha('<p>this build</p>') }] });
    await store.create('checkout/releases/0.1.0/.tagdeploy-publish/000001.json', Buffer.from(record), { contentType: 'application/json', sha256: sha(record) });

    const run = await world.release(repo, { output: (dir) => writeFileSync(join(dir, 'index.html'), '<p>this build</p>') });

    expect(run.outcome).toMatchObject({ status: 'released', artifact: { kind: 'static', uploaded: { created: 0, existing: 1 } } });
    expect(world.storeFiles()).toEqual(['checkout/releases/0.1.0/index.html', 'checkout/releases/0.1.0/release.json']);
  });
});

describe('a tag git would refuse is refused before the build', () => {
  const checkRefFormat = (tag: string): boolean => spawnSync('git', ['check-ref-format', `refs/tags/${tag}`]).status === 0;

  it.each([
    ['my app', '{product}@{version}', 'my app@0.1.0'],
    ['a..b', '{product}@{version}', 'a..b@0.1.0'],
    ['web.lock', '{product}/{version}', 'web.lock/0.1.0'],
    ['feat:x', '{product}@{version}', 'feat:x@0.1.0'],
    ['we~ird', '{product}@{version}', 'we~ird@0.1.0'],
    ['.hidden', '{product}@{version}', '.hidden@0.1.0'],
  ])('product %j with tagPattern %j (git check-ref-format refuses %j too)', async (product, tagPattern, tag) => {
    expect(checkRefFormat(tag)).toBe(false);
    world = createReleaseWorld();
    const repo = world.clone();
    const before = world.state(repo);

    const run = await world.release(repo, { product, settings: { tagPattern } });

    expect(run.error?.code).toBe('INVALID_CONFIG');
    expect(run.error?.message).toMatch(new RegExp(`^Tag ${JSON.stringify(tag).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} of .* is not a name git takes for a tag: .*; nothing was built or tagged\\.$`));
    expect(run.built).toBe(false);
    expect(world.state(repo)).toEqual(before);
  });

  it('releases a product whose name git takes in a tag ("@shop/checkout@0.1.0")', async () => {
    expect(checkRefFormat('@shop/checkout@0.1.0')).toBe(true);
    world = createReleaseWorld();
    const repo = world.clone();

    const run = await world.release(repo, { product: '@shop/checkout' });

    expect(run.outcome?.status).toBe('released');
    expect(world.remote.git('tag', '--list')).toBe('@shop/checkout@0.1.0');
  });
});
