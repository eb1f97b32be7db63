// The npm kind end to end: examples/shop's sdk (an npm product that checkout depends on) released
// and published to a real registry (verdaccio), its tarball frozen in the store and sealed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitJson, errorLine, shopState } from './support/both-hosts';
import { expectCompleteRelease, readManifest } from './support/assertions';
import { installAndRun, useOwnPackage, type NpmSide } from './support/npm-shop';
import { createShop, type Shop } from './support/shop';

let shop: Shop;
afterEach(() => shop?.cleanup());

const sdkIndex = 'packages/sdk/src/index.ts';
const appendLine = (path: string, line: string) => `${shop.read(path)}\n${line}\n`;

interface NpmManifest {
  files: { path: string; sha256: string }[];
  package: { name: string; registry: string; tarball: string; integrity: string; shasum: string };
}

async function openNpmShop(): Promise<NpmSide> {
  shop = await createShop();
  return useOwnPackage(shop);
}

describe('nx release-product of an npm product', () => {
  it('packs once, stores the tarball, seals its integrity and publishes that tarball; a fix releases a patch that installs', async () => {
    const npm = await openNpmShop();

    const first = shop.nx(['release-product', 'sdk'], npm.env);

    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toContain(`Released sdk@0.1.0: package ${npm.name}@0.1.0`);
    expect(shop.remoteTags()).toEqual(['sdk@0.1.0']);
    const sealed = (await expectCompleteRelease(shop, 'sdk', '0.1.0')) as unknown as NpmManifest;
    expect(sealed.package).toMatchObject({ name: npm.name, registry: npm.registry, integrity: expect.stringMatching(/^sha512-/) });
    expect(sealed.files.map((file) => file.path)).toEqual([sealed.package.tarball]);
    expect(npm.view(`${npm.name}@0.1.0`, 'dist.integrity')).toBe(sealed.package.integrity);
    expect(npm.view(`${npm.name}@0.1.0`, 'dist.shasum')).toBe(sealed.package.shasum);

    shop.commit(sdkIndex, appendLine(sdkIndex, 'export const currency = "EUR";'), 'fix(sdk): name the currency');
    const fix = shop.nx(['release-product', 'sdk'], npm.env);

    expect(fix.code, fix.output).toBe(0);
    expect(fix.output).toContain('0.1.0 → 0.1.1');
    const patch = (await readManifest(shop, 'sdk', '0.1.1')) as unknown as NpmManifest;
    expect(npm.view(`${npm.name}@0.1.1`, 'dist.integrity')).toBe(patch.package.integrity);
    expect(npm.view(npm.name, 'versions')).toEqual(['0.1.0', '0.1.1']);
    // The published package.json carries the release's version, whatever the placeholder in the repo.
    expect(npm.view(`${npm.name}@0.1.1`, 'version')).toBe('0.1.1');
    expect(installAndRun(npm, `${npm.name}@0.1.1`, `import { cartTotal, currency } from '${npm.name}'; console.log(cartTotal([{ sku: 'a', quantity: 3, unitPrice: 5 }]), currency);`)).toBe('15 EUR');

    const again = shop.nx(['release-product', 'sdk'], npm.env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('already released');
  });

  it('resumes a release killed after the claim, and one killed after the publish, publishing each tarball once', async () => {
    const npm = await openNpmShop();

    const killed = shop.nx(['release-product', 'sdk'], { ...npm.env, TAGDEPLOY_CRASH_AT: 'claim:1' });
    expect(killed.code, killed.output).not.toBe(0);
    expect(shop.remoteTags()).toEqual(['sdk@0.1.0']);
    expect(npm.view(`${npm.name}@0.1.0`, 'version')).toBeNull();
    const resumed = shop.nx(['release-product', 'sdk'], npm.env);
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.stdout).toContain(`Resumed and released sdk@0.1.0: package ${npm.name}@0.1.0`);
    expect(npm.view(`${npm.name}@0.1.0`, 'dist.integrity')).toBe(((await readManifest(shop, 'sdk', '0.1.0')) as unknown as NpmManifest).package.integrity);

    shop.commit(sdkIndex, appendLine(sdkIndex, 'export const currency = "EUR";'), 'fix(sdk): name the currency');
    const afterPublish = shop.nx(['release-product', 'sdk'], { ...npm.env, TAGDEPLOY_CRASH_AT: 'npm-published:1' });
    expect(afterPublish.code, afterPublish.output).not.toBe(0);
    const publishedIntegrity = npm.view(`${npm.name}@0.1.1`, 'dist.integrity');
    expect(publishedIntegrity).toMatch(/^sha512-/);
    expect(await shop.store.head('sdk/releases/0.1.1/release.json')).toBeFalsy();
    const finished = shop.nx(['release-product', 'sdk'], npm.env);
    expect(finished.code, finished.output).toBe(0);
    expect(finished.stdout).toContain(`Resumed and released sdk@0.1.1: package ${npm.name}@0.1.1 (`);
    expect(finished.stdout).toContain(`already on ${npm.registry}`);
    expect(((await readManifest(shop, 'sdk', '0.1.1')) as unknown as NpmManifest).package.integrity).toBe(publishedIntegrity);
    expect(npm.view(npm.name, 'versions')).toEqual(['0.1.0', '0.1.1']);
  });

  it('refuses an npm product whose dependency (an npm product) has unreleased changes or no release, naming it; releases it once the dependency is released', async () => {
    const sdk = await openNpmShop();
    const widgets = addWidgets(sdk.name);
    const before = await shopState(shop);

    const refused = shop.nx(['release-product', 'widgets'], sdk.env);

    expect(refused.code).not.toBe(0);
    expect(errorLine(refused, 'DEPENDENCY_UNRELEASED')).toBe(
      `widgets depends on ${sdk.name} (npm product sdk), which has no release yet: widgets's package would name a version of ${sdk.name} that is not the code it was built with. Release sdk first with nx release-product sdk, then widgets; nothing was built or tagged.`,
    );
    expect(await shopState(shop)).toEqual(before);

    expect(shop.nx(['release-product', 'sdk'], sdk.env).code).toBe(0);
    const released = shop.nx(['release-product', 'widgets'], sdk.env);
    expect(released.code, released.output).toBe(0);
    expect(sdk.view(`${widgets}@0.1.0`, 'dependencies')).toEqual({ [sdk.name]: '0.1.0' });

    shop.commit(sdkIndex, appendLine(sdkIndex, 'export const currency = "EUR";'), 'feat(sdk): name the currency');
    shop.commit('packages/widgets/index.js', 'export const widget = 2;\n', 'fix(widgets): a second widget');
    const stale = shop.nx(['release-product', 'widgets'], sdk.env);
    expect(errorLine(stale, 'DEPENDENCY_UNRELEASED')).toContain(`which has unreleased changes since sdk@0.1.0 (1 commit that counts)`);
  });

  it('deploys, promotes and rolls back through dist-tags, with approval and history; status reports a dist-tag moved by hand', async () => {
    const npm = await openNpmShop();
    useDistTagEnvironments();
    expect(shop.nx(['release-product', 'sdk'], npm.env).code).toBe(0);
    shop.commit(sdkIndex, appendLine(sdkIndex, 'export const currency = "EUR";'), 'fix(sdk): name the currency');
    expect(shop.nx(['release-product', 'sdk'], npm.env).code).toBe(0);
    const ok = (args: string[]) => {
      const run = shop.nx(args, { ...npm.env, TAGDEPLOY_ACTOR: 'Test Lead' });
      expect(run.code, run.output).toBe(0);
      return run;
    };

    ok(['deploy', 'sdk', '--env=next', '--release=0.1.0']);
    expect(npm.distTags()).toMatchObject({ next: '0.1.0' });
    const unapproved = shop.nx(['promote', 'sdk', '--to=latest'], npm.env);
    expect(unapproved.code).not.toBe(0);
    expect(errorLine(unapproved, 'APPROVAL_REQUIRED')).toBeDefined();
    expect(npm.distTags()).toEqual({ latest: '0.1.0', next: '0.1.0', released: '0.1.1' });

    ok(['promote', 'sdk', '--to=latest', '--approve', '--approved-by=Ana']);
    ok(['deploy', 'sdk', '--env=next']);
    ok(['promote', 'sdk', '--to=latest', '--approve', '--approved-by=Ana']);
    expect(npm.distTags()).toMatchObject({ next: '0.1.1', latest: '0.1.1' });
    ok(['rollback', 'sdk', '--env=latest', '--reason=totals wrong', '--approve', '--approved-by=Bo']);
    expect(npm.distTags()).toMatchObject({ next: '0.1.1', latest: '0.1.0' });

    const status = ok(['release-status', 'sdk', '--history']);
    expect(status.stdout).toMatch(/next\s+0\.1\.1\s+sdk@0\.1\.1/);
    expect(status.stdout).toMatch(/latest\s+0\.1\.0\s+sdk@0\.1\.0/);
    expect(status.stdout).not.toContain('drift');
    expect(status.stdout).toMatch(/3\s+rollback\s+0\.1\.1 → 0\.1\.0[\s\S]*2\s+promote\s+0\.1\.0 → 0\.1\.1[\s\S]*1\s+promote\s+— → 0\.1\.0/);

    expect(npm.npm(['dist-tag', 'add', `${npm.name}@0.1.1`, 'latest']).code).toBe(0);
    const drifted = ok(['release-status', 'sdk', '--json']);
    const json = JSON.parse(drifted.stdout.slice(drifted.stdout.indexOf('{'), drifted.stdout.lastIndexOf('}') + 1)) as { envs: { env: string; version: string; drift?: string }[] };
    expect(json.envs.find((row) => row.env === 'latest')).toMatchObject({ version: '0.1.0', drift: 'npm dist-tag router serves 0.1.1, pointer says 0.1.0' });
    expect(json.envs.find((row) => row.env === 'next')?.drift).toBeUndefined();
  }, 600_000);
});

describe('nx release-product of an npm product refuses, with nothing tagged, stored or published', () => {
  const cases: { name: string; code: string; message: RegExp; arrange: (npm: NpmSide) => Record<string, string> | void }[] = [
    {
      name: 'a version on the registry with other bytes',
      code: 'NPM_VERSION_TAKEN',
      message: /already has @\S+\/sdk@0\.1\.0 with other bytes \(integrity sha512-.*a version is published once and never replaced\. Release another version with nx release-product sdk --release-as=<version> above 0\.1\.0; nothing was tagged or published\.$/,
      arrange: (npm) => publishOtherBytes(npm),
    },
    {
      name: 'a registry that does not answer',
      code: 'REGISTRY_UNAVAILABLE',
      message: /^The npm registry http:\/\/127\.0\.0\.1:9\/ of sdk did not answer \(ECONNREFUSED: .*nothing was tagged or published\.$/,
      arrange: () => commitJson(shop, 'packages/sdk/tagdeploy.json', (config) => void (config.registry = 'http://127.0.0.1:9/')),
    },
    {
      name: 'auth the registry refuses',
      code: 'REGISTRY_AUTH',
      message: /refused the npm auth of this machine for sdk \((?:E401|ENEEDAUTH): .*Log in with "npm login --registry=http:\/\/127\.0\.0\.1:\d+\/"/,
      arrange: (npm) => {
        const npmrc = join(shop.dir, '..', 'npmrc-bad-token');
        writeFileSync(npmrc, `registry=${npm.registry}\n${npm.registry.replace(/^http:/, '')}:_authToken=not-a-token\n`);
        return { NPM_CONFIG_USERCONFIG: npmrc };
      },
    },
    {
      name: 'a package marked private',
      code: 'NPM_PACKAGE_INVALID',
      message: /^packages\/sdk\/package\.json of sdk cannot be published: it is marked "private": true, so npm never publishes it\. Fix packages\/sdk\/package\.json \(remove "private", or change the kind of the product in its tagdeploy\.json\) and run again; nothing was built or tagged\.$/,
      arrange: () => commitJson(shop, 'packages/sdk/package.json', (pkg) => void (pkg.private = true)),
    },
    {
      name: 'a package without name and version',
      code: 'NPM_PACKAGE_INVALID',
      message: /^packages\/sdk\/package\.json of sdk cannot be published: it has no "name"; it has no "version" \(any placeholder such as "0\.0\.0": the release sets the real one\)\. Fix packages\/sdk\/package\.json and run again; nothing was built or tagged\.$/,
      arrange: () => commitJson(shop, 'packages/sdk/package.json', (pkg) => void (delete pkg.name, delete pkg.version)),
    },
  ];

  it.each(cases)('$name ($code)', async ({ code, message, arrange }) => {
    const npm = await openNpmShop();
    const env = { ...npm.env, ...(arrange(npm) ?? {}) };
    const before = await shopState(shop);
    const tagsBefore = npm.distTags();

    const run = shop.nx(['release-product', 'sdk'], env);

    expect(run.code, run.output).not.toBe(0);
    expect(errorLine(run, code), run.output).toMatch(message);
    expect(await shopState(shop)).toEqual(before);
    expect(npm.distTags()).toEqual(tagsBefore);
  });
});

/** Publishes other bytes as name@0.1.0 before tagdeploy does (someone published by hand). */
function publishOtherBytes(npm: NpmSide): void {
  const dir = join(shop.dir, '..', 'by-hand');
  shop.write('../by-hand/package.json', JSON.stringify({ name: npm.name, version: '0.1.0', main: 'index.js' }));
  shop.write('../by-hand/index.js', 'module.exports = "published by hand";\n');
  const run = npm.npm(['publish', '--tag', 'by-hand'], { cwd: dir });
  if (run.code !== 0) throw new Error(run.output);
}

/** An npm product "widgets" that depends on the sdk by its workspace version ("*"). */
function addWidgets(sdkName: string): string {
  const name = sdkName.replace(/\/sdk$/, '/widgets');
  shop.write('packages/widgets/package.json', `${JSON.stringify({ name, version: '0.0.0', type: 'module', main: 'index.js', files: ['index.js'], dependencies: { [sdkName]: '*' } }, null, 2)}\n`);
  shop.write('packages/widgets/index.js', 'export const widget = 1;\n');
  shop.write('packages/widgets/project.json', `${JSON.stringify({ name: 'widgets', projectType: 'library', implicitDependencies: ['sdk'], targets: { build: { executor: 'nx:run-commands', options: { command: 'node --version' } } } }, null, 2)}\n`);
  shop.write('packages/widgets/tagdeploy.json', `${JSON.stringify({ kind: 'npm' })}\n`);
  shop.git(['add', 'packages/widgets']);
  shop.git(['commit', '-q', '-m', 'feat(widgets): widgets on top of the sdk']);
  return name;
}

/** Environments named after the dist-tags: next, then latest (approval required); the sdk uses only those. */
function useDistTagEnvironments(): void {
  commitJson(shop, 'nx.json', (nxJson) => {
    const options = (nxJson.plugins as { options: { environments: Record<string, unknown> } }[])[0].options;
    options.environments = { ...options.environments, next: { router: { type: 'local' } }, latest: { promoteFrom: 'next', approval: 'required', router: { type: 'local' } } };
  });
  commitJson(shop, 'packages/sdk/tagdeploy.json', (config) => void (config.environments = ['next', 'latest']));
}

