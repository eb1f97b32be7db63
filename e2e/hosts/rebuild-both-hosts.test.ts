// release-verify --rebuild through both hosts: a release of the shop's checkout, built again from
// its tag in a clean temporary worktree, is reproducible (and its signature verifies); a build that
// stamps the time is reported with the file that differs; payments-api's image, built again from
// the tag, has the released digest. Either way the temporary worktree is gone afterwards and
// nothing in the store, the registry, the tags or the work tree changed. An npm product's tarball,
// packed again from its tag, has the released integrity; a stamped build names the file.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { errorLine, openHostShop, shopState, type HostShop } from '../support/both-hosts';
import { npmSide, useOwnPackage, type NpmSide } from '../support/npm-shop';

let current: HostShop | undefined;
afterEach(() => {
  current?.shop.cleanup();
  current = undefined;
});

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const asShopUser = { TAGDEPLOY_ACTOR: 'ana', TAGDEPLOY_APPROVER: '' };

/** A temp folder of the test's own (TMPDIR for the command), so that what the rebuild leaves there can be seen. */
function ownTmp(w: HostShop): Record<string, string> {
  const tmp = join(dirname(w.shop.dir), 'tmp');
  mkdirSync(tmp, { recursive: true });
  return { TMPDIR: tmp };
}

/** Every file under a folder of the shop (the embedded registry), sorted; [] when there is none. */
const filesUnder = (root: string): string[] =>
  existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort() : [];

const leftOver = (env: Record<string, string>) => readdirSync(env.TMPDIR).filter((name) => name.startsWith('tagdeploy-rebuild-'));
const packFolders = (env: Record<string, string>) => readdirSync(env.TMPDIR).filter((name) => name.startsWith('tagdeploy-pack-'));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * An npm product of the host's shop, published under a name of this test's own: the nx shop's sdk
 * (renamed to a scope of its own), turbo-shop's utils (whose name is its product's, so the tests
 * give its releases versions no other test publishes). With `stamp`, its build also writes the
 * build's time into dist/built-at.txt.
 */
const publishNpmProduct: Record<'nx' | 'cli', (w: HostShop, options?: { stamp?: boolean }) => { product: string; npm: NpmSide }> = {
  nx: ({ shop }, { stamp = false } = {}) => {
    const npm = useOwnPackage(shop);
    if (stamp) {
      const file = 'packages/sdk/project.json';
      const project = JSON.parse(shop.read(file)) as { targets: { build: { options: { command: string } } } };
      project.targets.build.options.command += ` && ${stampCommand('packages/sdk/dist/built-at.txt')}`;
      shop.commit(file, `${JSON.stringify(project, null, 2)}\n`, 'feat(sdk): stamp the build time');
    }
    return { product: 'sdk', npm };
  },
  cli: ({ shop }, { stamp = false } = {}) => {
    const file = 'packages/utils/package.json';
    const manifest = JSON.parse(shop.read(file)) as { private?: boolean; files?: string[]; scripts: { build: string } };
    delete manifest.private;
    manifest.files = ['dist'];
    if (stamp) manifest.scripts.build += ` && ${stampCommand('dist/built-at.txt')}`;
    shop.write(file, `${JSON.stringify(manifest, null, 2)}\n`);
    shop.write('packages/utils/tagdeploy.json', `${JSON.stringify({ kind: 'npm' })}\n`);
    shop.git(['add', 'packages/utils']);
    shop.git(['commit', '-q', '-m', 'feat(utils): publish utils']);
    return { product: 'utils', npm: npmSide(inject('npmRegistry'), 'utils', shop.dir) };
  },
};

const stampCommand = (path: string) => `node -e "require('fs').writeFileSync('${path}', new Date().toISOString() + Math.random())"`;
const worktrees = (w: HostShop) => w.shop.git(['worktree', 'list', '--porcelain']).split('\n').filter((line) => line.startsWith('worktree '));

/** Checkout's vite config, plus a plugin that writes the build's time into built-at.txt. */
function stampBuildTime(w: HostShop): void {
  const file = 'apps/checkout/vite.config.ts';
  const config = w.shop.read(file);
  const stamped = config.replace(/export default defineConfig\((shopConfig\(.*\))\);/, (_, base: string) =>
    [
      `const base = ${base};`,
      'export default defineConfig({',
      '  ...base,',
      "  plugins: [{ name: 'built-at', generateBundle() { this.emitFile({ type: 'asset', fileName: 'built-at.txt', source: `${new Date().toISOString()} ${Math.random()}\\n` }); } }],",
      '});',
    ].join('\n'),
  );
  expect(stamped, `the shop's ${file} changed shape`).not.toBe(config);
  w.shop.write(file, stamped);
  w.shop.git(['commit', '-q', '-am', 'feat(checkout): stamp the build time']);
}

/** payments-api's build also writes the build's time into its output, and so into the image. */
function stampImageBuildTime(w: HostShop): void {
  const file = 'services/payments-api/vite.config.ts';
  const config = w.shop.read(file);
  const emitDockerfile = "this.emitFile({ type: 'asset', fileName: 'Dockerfile',";
  expect(config, `the shop's ${file} changed shape`).toContain(emitDockerfile);
  w.shop.write(file, config.replace(emitDockerfile, `this.emitFile({ type: 'asset', fileName: 'built-at.txt', source: new Date().toISOString() });\n        ${emitDockerfile}`));
  w.shop.git(['commit', '-q', '-am', 'feat(payments-api): stamp the build time']);
}

describe.each(['nx', 'cli'] as const)('release-verify --rebuild through the %s host', (host) => {
  it('rebuilds a signed release of checkout from its tag: verified and reproducible, nothing left behind', async () => {
    const w = (current = await openHostShop[host]());
    const { shop } = w;
    writeFileSync(join(shop.dir, 'release-signing.pub.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    shop.git(['add', 'release-signing.pub.pem']);
    w.editSettings((settings) => {
      settings.signing = { key: 'env:TAGDEPLOY_SIGNING_KEY', publicKey: 'release-signing.pub.pem' };
    });
    const signingEnv = { ...asShopUser, TAGDEPLOY_SIGNING_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const released = w.run('release', 'checkout', {}, signingEnv);
    expect(released.code, released.output).toBe(0);

    const env = { ...asShopUser, ...ownTmp(w) };
    const before = await shopState(shop);
    const outcome = join(dirname(shop.dir), 'rebuild.json');
    const rebuilt = w.run('verify', 'checkout', { release: '0.1.0', rebuild: true, [w.outputFlag]: outcome }, env);
    expect(rebuilt.code, rebuilt.output).toBe(0);
    expect(rebuilt.output).toMatch(/verified checkout 0\.1\.0: signature \(key [0-9a-f]{16}…\), release\.json, 3 files hashed/);
    expect(rebuilt.output).toMatch(/reproducible: checkout 0\.1\.0 rebuilt from tag checkout@0\.1\.0 at [0-9a-f]{7} in a clean worktree: 3 files, every sha256 as in release\.json/);

    const result = JSON.parse(readFileSync(outcome, 'utf8')) as { releases: { signed: boolean; rebuild: { files: number; worktree: string } }[] };
    expect(result.releases[0].signed).toBe(true);
    expect(result.releases[0].rebuild.files).toBe(3);
    expect(existsSync(result.releases[0].rebuild.worktree)).toBe(false);
    expect(leftOver(env)).toEqual([]);
    expect(worktrees(w)).toHaveLength(1);
    expect(await shopState(shop)).toEqual(before);
  });

  it('names the file a build that stamps the time makes differently, and leaves nothing behind', async () => {
    const w = (current = await openHostShop[host]());
    stampBuildTime(w);
    const released = w.run('release', 'checkout', {}, asShopUser);
    expect(released.code, released.output).toBe(0);

    const env = { ...asShopUser, ...ownTmp(w) };
    const before = await shopState(w.shop);
    const rebuilt = w.run('verify', 'checkout', { release: '0.1.0', rebuild: true }, env);
    expect(rebuilt.code, rebuilt.output).not.toBe(0);
    expect(errorLine(rebuilt, 'RELEASE_NOT_REPRODUCIBLE')).toMatch(
      /^checkout 0\.1\.0 is not reproducible: building its tag checkout@0\.1\.0 \([0-9a-f]{7}\) again gave other files than were released \(changed: built-at\.txt; 3 of 4 the same\)\. Make the build deterministic/,
    );
    expect(leftOver(env)).toEqual([]);
    expect(worktrees(w)).toHaveLength(1);
    expect(await shopState(w.shop)).toEqual(before);
  });

  it('says in its own terms when the tag does not build in a clean checkout, and leaves nothing behind', async () => {
    const w = (current = await openHostShop[host]());
    // A build that only works in the workspace's own folder (an absolute-path assumption).
    const file = 'apps/checkout/vite.config.ts';
    w.shop.write(file, `if (__dirname.includes('tagdeploy-rebuild-')) throw new Error('checkout builds only in its workspace');\n${w.shop.read(file)}`);
    w.shop.git(['commit', '-q', '-am', 'feat(checkout): a build tied to its folder']);
    const released = w.run('release', 'checkout', {}, asShopUser);
    expect(released.code, released.output).toBe(0);

    const env = { ...asShopUser, ...ownTmp(w) };
    const before = await shopState(w.shop);
    const rebuilt = w.run('verify', 'checkout', { release: '0.1.0', rebuild: true }, env);
    expect(rebuilt.code, rebuilt.output).not.toBe(0);
    const line = errorLine(rebuilt, 'RELEASE_UNVERIFIED');
    expect(line).toMatch(/^1 release of checkout failed verification: 0\.1\.0: \[BUILD_FAILED\] Rebuilding checkout 0\.1\.0 from its tag checkout@0\.1\.0 failed: Building checkout \(.*\) failed with exit code 1\. The release, the store and the tags are unchanged\./);
    expect(line).not.toContain('run the release again');
    expect(leftOver(env)).toEqual([]);
    expect(worktrees(w)).toHaveLength(1);
    expect(await shopState(w.shop)).toEqual(before);
  });

  it("rebuilds a release of payments-api from its tag: the image has the released digest, nothing pushed", async () => {
    const w = (current = await openHostShop[host]());
    const released = w.run('release', 'payments-api', {}, asShopUser);
    expect(released.code, released.output).toBe(0);
    const digest = (JSON.parse(w.shop.read('.tagdeploy/store/payments-api/releases/0.1.0/release.json')) as { image: { digest: string } }).image.digest;

    const env = { ...asShopUser, ...ownTmp(w) };
    const before = { ...(await shopState(w.shop)), registry: filesUnder(join(w.shop.dir, '.tagdeploy/registry')) };
    const rebuilt = w.run('verify', 'payments-api', { release: '0.1.0', rebuild: true }, env);
    expect(rebuilt.code, rebuilt.output).toBe(0);
    expect(rebuilt.output).toContain(`reproducible: payments-api 0.1.0 rebuilt from tag payments-api@0.1.0 at `);
    expect(rebuilt.output).toContain(`in a clean worktree: image ${digest}, the digest as in release.json`);
    expect(leftOver(env)).toEqual([]);
    expect(worktrees(w)).toHaveLength(1);
    expect({ ...(await shopState(w.shop)), registry: filesUnder(join(w.shop.dir, '.tagdeploy/registry')) }).toEqual(before);
  });

  it('names both digests when the image built again differs', async () => {
    const w = (current = await openHostShop[host]());
    stampImageBuildTime(w);
    const released = w.run('release', 'payments-api', {}, asShopUser);
    expect(released.code, released.output).toBe(0);
    const digest = (JSON.parse(w.shop.read('.tagdeploy/store/payments-api/releases/0.1.0/release.json')) as { image: { digest: string } }).image.digest;

    const env = { ...asShopUser, ...ownTmp(w) };
    const before = { ...(await shopState(w.shop)), registry: filesUnder(join(w.shop.dir, '.tagdeploy/registry')) };
    const rebuilt = w.run('verify', 'payments-api', { release: '0.1.0', rebuild: true }, env);
    expect(rebuilt.code, rebuilt.output).not.toBe(0);
    const line = errorLine(rebuilt, 'RELEASE_NOT_REPRODUCIBLE');
    expect(line).toMatch(/^payments-api 0\.1\.0 is not reproducible: building its tag payments-api@0\.1\.0 \([0-9a-f]{7}\) again gave the image sha256:[0-9a-f]{64}, not the released sha256:/);
    expect(line).toContain(`not the released ${digest}.`);
    expect(leftOver(env)).toEqual([]);
    expect(worktrees(w)).toHaveLength(1);
    expect({ ...(await shopState(w.shop)), registry: filesUnder(join(w.shop.dir, '.tagdeploy/registry')) }).toEqual(before);
  });

  it('packs an npm release again from its tag: the tarball has the released integrity, nothing published', async () => {
    const w = (current = await openHostShop[host]());
    const { product, npm } = publishNpmProduct[host](w);
    const released = w.run('release', product, { 'release-as': '5.0.0' }, { ...asShopUser, ...npm.env });
    expect(released.code, released.output).toBe(0);
    const integrity = (JSON.parse(w.shop.read(`.tagdeploy/store/${product}/releases/5.0.0/release.json`)) as { package: { integrity: string } }).package.integrity;
    expect(npm.view(`${npm.name}@5.0.0`, 'dist.integrity')).toBe(integrity);

    const env = { ...asShopUser, ...npm.env, ...ownTmp(w) };
    const before = { ...(await shopState(w.shop)), versions: npm.view(npm.name, 'versions'), tags: npm.distTags() };
    const rebuilt = w.run('verify', product, { release: '5.0.0', rebuild: true }, env);
    expect(rebuilt.code, rebuilt.output).toBe(0);
    expect(rebuilt.output).toMatch(new RegExp(`reproducible: ${product} 5\\.0\\.0 rebuilt from tag ${product}@5\\.0\\.0 at [0-9a-f]{7} in a clean worktree: package tarball of \\d+ files, the integrity ${escape(integrity.slice(0, 19))}… as in release\\.json`));
    expect(leftOver(env)).toEqual([]);
    expect(packFolders(env)).toEqual([]);
    expect(worktrees(w)).toHaveLength(1);
    expect({ ...(await shopState(w.shop)), versions: npm.view(npm.name, 'versions'), tags: npm.distTags() }).toEqual(before);
  });

  it('names the file of an npm package whose build stamps the time, and both integrities', async () => {
    const w = (current = await openHostShop[host]());
    const { product, npm } = publishNpmProduct[host](w, { stamp: true });
    const released = w.run('release', product, { 'release-as': '6.0.0' }, { ...asShopUser, ...npm.env });
    expect(released.code, released.output).toBe(0);
    const integrity = (JSON.parse(w.shop.read(`.tagdeploy/store/${product}/releases/6.0.0/release.json`)) as { package: { integrity: string } }).package.integrity;

    const env = { ...asShopUser, ...npm.env, ...ownTmp(w) };
    const before = { ...(await shopState(w.shop)), versions: npm.view(npm.name, 'versions') };
    const rebuilt = w.run('verify', product, { release: '6.0.0', rebuild: true }, env);
    expect(rebuilt.code, rebuilt.output).not.toBe(0);
    const line = errorLine(rebuilt, 'RELEASE_NOT_REPRODUCIBLE');
    expect(line).toMatch(new RegExp(`^${product} 6\\.0\\.0 is not reproducible: building its tag ${product}@6\\.0\\.0 \\([0-9a-f]{7}\\) again gave a package tarball of integrity sha512-\\S+, not the released ${escape(integrity)} \\(changed: dist/built-at\\.txt; \\d+ of \\d+ the same\\)\\. Make the build deterministic`));
    expect(leftOver(env)).toEqual([]);
    expect(packFolders(env)).toEqual([]);
    expect(worktrees(w)).toHaveLength(1);
    expect({ ...(await shopState(w.shop)), versions: npm.view(npm.name, 'versions') }).toEqual(before);
  });
});
