import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure, seedRelease, useTempFileStores } from './testing/env-builders';
import { verifyRelease } from './verify-release';

const aStore = useTempFileStores();

const files = { 'index.html': '<h1>v1</h1>', 'assets/a.js': 'a()', 'assets/b.js': 'b()' };


describe('verifyRelease', () => {
  it('returns the manifest of a whole release', async () => {
    const { store } = aStore();
    await seedRelease(store, 'checkout', '0.1.0', files);

    const manifest = await verifyRelease(store, 'checkout', '0.1.0', { concurrency: 2 });

    expect(manifest.files.map((file) => file.path)).toEqual(['index.html', 'assets/a.js', 'assets/b.js']);
  });

  it('names a missing file', async () => {
    const { store, root } = aStore();
    await seedRelease(store, 'checkout', '0.1.0', files);
    rmSync(join(root, 'checkout/releases/0.1.0/assets/a.js'));

    const error = await failure(verifyRelease(store, 'checkout', '0.1.0'));

    expect(error.code).toBe('RELEASE_CORRUPT');
    expect(error.message).toBe(
      "checkout 0.1.0 in file:.tagdeploy/store/checkout/releases/0.1.0/ does not match its release.json: assets/a.js is missing. Nothing was switched. Put the released bytes back (from a backup of the store, or from a build of checkout@0.1.0 that reproduces them: each file's sha256 is in release.json), or deploy another release.",
    );
  });

  it('names a file whose bytes changed', async () => {
    const { store, root } = aStore();
    await seedRelease(store, 'checkout', '0.1.0', files);
    writeFileSync(join(root, 'checkout/releases/0.1.0/assets/b.js'), 'x()');

    const error = await failure(verifyRelease(store, 'checkout', '0.1.0'));

    const expected = createHash('sha256').update('b()').digest('hex');
    const actual = createHash('sha256').update('x()').digest('hex');
    expect(error.message).toContain(`assets/b.js holds other bytes than were released (sha256 ${actual}, not ${expected})`);
  });

  it('names a file whose size changed', async () => {
    const { store, root } = aStore();
    await seedRelease(store, 'checkout', '0.1.0', files);
    writeFileSync(join(root, 'checkout/releases/0.1.0/index.html'), '<h1>v1 but longer</h1>');

    const error = await failure(verifyRelease(store, 'checkout', '0.1.0'));

    expect(error.message).toContain('index.html has 22 bytes, not 11');
  });

  it('refuses a release without release.json', async () => {
    const { store } = aStore();
    await seedRelease(store, 'checkout', '0.2.0', files, { sealed: false });

    const error = await failure(verifyRelease(store, 'checkout', '0.2.0'));

    expect(error.code).toBe('UNSEALED_RELEASE');
    expect(error.message).toBe(
      'checkout 0.2.0 is not sealed: file:.tagdeploy/store/checkout/releases/0.2.0/release.json is missing. Run "⟦release checkout⟧" to finish it, or deploy a sealed release.',
    );
  });

  it('refuses a release.json that does not parse', async () => {
    const { store, root } = aStore();
    await seedRelease(store, 'checkout', '0.1.0', files);
    writeFileSync(join(root, 'checkout/releases/0.1.0/release.json'), '{ "product": ');

    const error = await failure(verifyRelease(store, 'checkout', '0.1.0'));

    expect(error.code).toBe('RELEASE_CORRUPT');
    expect(error.message).toMatch(/^file:\.tagdeploy\/store\/checkout\/releases\/0\.1\.0\/release\.json is not a valid release manifest: it is not JSON/);
  });

  it('lists the first five problems and counts the rest', async () => {
    const { store, root } = aStore();
    const many = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`assets/${i}.js`, `f${i}()`]));
    await seedRelease(store, 'checkout', '0.1.0', many);
    for (let i = 0; i < 8; i++) rmSync(join(root, `checkout/releases/0.1.0/assets/${i}.js`));

    const error = await failure(verifyRelease(store, 'checkout', '0.1.0'));

    expect(error.message).toContain('assets/0.js is missing; assets/1.js is missing; assets/2.js is missing; assets/3.js is missing; assets/4.js is missing and 3 more.');
  });
});
