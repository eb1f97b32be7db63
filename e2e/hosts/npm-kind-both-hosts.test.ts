// The npm kind through both hosts: an npm product that depends on another is refused until that
// one is released (the message spells the host's command); --with-dependencies releases both,
// dependency first, and the dependent names the dependency's released version; an environment
// is the registry's dist-tag of its name.
// Nx: examples/shop's sdk and a widgets package on top ("*"); CLI: examples/turbo-shop's utils
// and ui on top ("workspace:*", pnpm).
import { afterEach, describe, expect, it } from 'vitest';
import { errorLine, openHostShop, shopState, type HostName, type HostShop } from '../support/both-hosts';
import { npmSide, useOwnPackage, type NpmSide } from '../support/npm-shop';
import { inject } from 'vitest';

let opened: HostShop | undefined;
afterEach(() => opened?.shop.cleanup());

interface NpmPair {
  dependency: { product: string; npm: NpmSide };
  dependent: { product: string; name: string };
  releaseCommand: string;
}

/** Makes the host's workspace hold two npm products, one depending on the other. */
const arrange: Record<HostName, (host: HostShop) => NpmPair> = {
  nx: ({ shop }) => {
    const npm = useOwnPackage(shop);
    const name = npm.name.replace(/\/sdk$/, '/widgets');
    shop.write('packages/widgets/package.json', `${JSON.stringify({ name, version: '0.0.0', type: 'module', main: 'index.js', files: ['index.js'], dependencies: { [npm.name]: '*' } }, null, 2)}\n`);
    shop.write('packages/widgets/index.js', 'export const widget = 1;\n');
    shop.write('packages/widgets/project.json', `${JSON.stringify({ name: 'widgets', projectType: 'library', implicitDependencies: ['sdk'], targets: { build: { executor: 'nx:run-commands', options: { command: 'node --version' } } } }, null, 2)}\n`);
    shop.write('packages/widgets/tagdeploy.json', `${JSON.stringify({ kind: 'npm' })}\n`);
    shop.git(['add', 'packages/widgets']);
    shop.git(['commit', '-q', '-m', 'feat(widgets): widgets on top of the sdk']);
    return { dependency: { product: 'sdk', npm }, dependent: { product: 'widgets', name }, releaseCommand: 'nx release-product sdk' };
  },
  cli: ({ shop }) => {
    // One registry serves the run and only this test publishes turbo-shop's packages: their own names do.
    for (const pkg of ['utils', 'ui']) {
      const manifest = JSON.parse(shop.read(`packages/${pkg}/package.json`)) as Record<string, unknown>;
      delete manifest.private;
      shop.write(`packages/${pkg}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      shop.write(`packages/${pkg}/tagdeploy.json`, `${JSON.stringify({ kind: 'npm' })}\n`);
    }
    shop.git(['add', 'packages']);
    shop.git(['commit', '-q', '-m', 'feat: publish utils and ui']);
    return { dependency: { product: 'utils', npm: npmSide(inject('npmRegistry'), 'utils', shop.dir) }, dependent: { product: 'ui', name: 'ui' }, releaseCommand: 'tagdeploy release utils' };
  },
};

describe.each(['nx', 'cli'] as const)('npm products through %s', (host) => {
  it('refuses the dependent before its dependency is released, releases both with --with-dependencies (dependency pinned); deploy sets the dist-tag', async () => {
    opened = await openHostShop[host]();
    const { dependency, dependent, releaseCommand } = arrange[host](opened);
    const { npm } = dependency;
    const before = await shopState(opened.shop);

    const refused = opened.run('release', dependent.product, {}, npm.env);

    expect(refused.code).not.toBe(0);
    expect(errorLine(refused, 'DEPENDENCY_UNRELEASED'), refused.output).toContain(`Release ${dependency.product} first with ${releaseCommand}, then ${dependent.product}; nothing was built or tagged.`);
    expect(await shopState(opened.shop)).toEqual(before);

    // --with-dependencies releases the chain in dependency order, each with its own tag.
    const chain = opened.run('release', dependent.product, { 'with-dependencies': true }, npm.env);
    expect(chain.code, chain.output).toBe(0);
    expect(chain.output.indexOf(`${dependency.product}@0.1.0`)).toBeGreaterThan(-1);
    expect(chain.output.indexOf(`${dependency.product}@0.1.0`)).toBeLessThan(chain.output.indexOf(`${dependent.product}@0.1.0`));
    expect(opened.shop.remoteTags()).toEqual(expect.arrayContaining([`${dependency.product}@0.1.0`, `${dependent.product}@0.1.0`]));
    expect(npm.view(`${dependent.name}@0.1.0`, 'dependencies')).toMatchObject({ [npm.name]: '0.1.0' });

    // A second run finds both released and publishes nothing again.
    const again = opened.run('release', dependent.product, { 'with-dependencies': true }, npm.env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('already released');

    const deployed = opened.run('deploy', dependency.product, { env: 'staging' }, { ...npm.env, TAGDEPLOY_ACTOR: 'Test Lead' });
    expect(deployed.code, deployed.output).toBe(0);
    expect(npm.distTags()).toMatchObject({ staging: '0.1.0' });
  });
});
