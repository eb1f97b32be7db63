import { logger, readJson, readProjectConfiguration, writeJson, type Tree } from '@nx/devkit';
import { parseProductConfig, resolveContainerRuntime } from '@tagdeploy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aWorkspace, changesOf, quietGenerators, readJsonFile, readText } from '../testing/workspace-tree';
import { productGenerator } from './generator';

beforeEach(quietGenerators);
afterEach(() => vi.restoreAllMocks());

/** A project that only has a package.json (an npm workspace package), in apps/site. */
function aPackageJsonProject(tree: Tree, pkg: object): void {
  writeJson(tree, 'package.json', { ...readJson(tree, 'package.json'), workspaces: ['apps/*'] });
  writeJson(tree, 'apps/site/package.json', pkg);
}

const warnings = () => vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

describe('product generator: a new static product', () => {
  it('scaffolds a Vite app in apps/<name> with a cached build whose inputs include TAGDEPLOY_VERSION', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    const build = readProjectConfiguration(tree, 'web').targets?.build;
    expect(build).toMatchObject({
      executor: 'nx:run-commands',
      options: { command: 'vite build', cwd: 'apps/web' },
      outputs: ['{workspaceRoot}/dist/apps/web'],
    });
    expect(build?.inputs).toContainEqual({ env: 'TAGDEPLOY_VERSION' });
  });

  it('writes a tagdeploy.json that validates, pointing at the build output', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    const config = parseProductConfig(readJsonFile(tree, 'apps/web/tagdeploy.json'), 'apps/web/tagdeploy.json');
    expect(config).toMatchObject({ kind: 'static', buildTarget: 'build', outputPath: 'dist/apps/web' });
  });

  it('serves assets from the versioned base /r/<version>/ and shows the version on the page', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(readText(tree, 'apps/web/vite.config.ts')).toContain('base: `/r/${version}/`');
    expect(readText(tree, 'apps/web/vite.config.ts')).toContain("envPrefix: ['VITE_', 'TAGDEPLOY_']");
    expect(readText(tree, 'apps/web/index.html')).toContain('<p id="version">v%TAGDEPLOY_VERSION%</p>');
  });

  it('puts it in --directory when given', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'web', kind: 'static', directory: 'frontends/web' });
    expect(readProjectConfiguration(tree, 'web').root).toBe('frontends/web');
    expect(readJsonFile(tree, 'frontends/web/tagdeploy.json').outputPath).toBe('dist/frontends/web');
  });

  it('uses the workspace\'s "production" named input for the build when it has one', async () => {
    const tree = aWorkspace();
    tree.write('nx.json', JSON.stringify({ ...readJson(tree, 'nx.json'), namedInputs: { default: ['{projectRoot}/**/*'], production: ['default'] } }));
    await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(readProjectConfiguration(tree, 'web').targets?.build.inputs).toEqual(['production', '^production', { env: 'TAGDEPLOY_VERSION' }]);
  });

  it('adds vite as a devDependency when the workspace has none', async () => {
    const tree = aWorkspace();
    const install = await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(readJson(tree, 'package.json').devDependencies.vite).toBe('^8.3.8');
    expect(install).toBeTypeOf('function');
  });

  it('leaves package.json alone when vite is already there', async () => {
    const tree = aWorkspace();
    tree.write('package.json', JSON.stringify({ name: 'ws', devDependencies: { vite: '8.3.8' } }));
    const before = readText(tree, 'package.json');
    const install = await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(readText(tree, 'package.json')).toBe(before);
    expect(install).toBeUndefined();
  });
});

describe('product generator: a new container product', () => {
  it('scaffolds a Node HTTP service in services/<name> whose /health reports its version', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'api', kind: 'container' });
    const main = readText(tree, 'services/api/src/main.ts');
    expect(main).toContain("url.pathname === '/health'");
    expect(main).toContain("send(200, { status: 'ok', product: 'api', version })");
    expect(readProjectConfiguration(tree, 'api').targets?.build.inputs).toContainEqual({ env: 'TAGDEPLOY_VERSION' });
  });

  it('writes a Dockerfile with OCI labels that runs as a non-root user', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'api', kind: 'container' });
    const dockerfile = readText(tree, 'services/api/Dockerfile');
    for (const label of ['title', 'version', 'revision', 'created', 'source']) expect(dockerfile).toContain(`org.opencontainers.image.${label}=`);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile.indexOf('USER node')).toBeLessThan(dockerfile.indexOf('CMD'));
  });

  it('writes a container tagdeploy.json that validates, with the image named after the product', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'api', kind: 'container' });
    const config = parseProductConfig(readJsonFile(tree, 'services/api/tagdeploy.json'), 'tagdeploy.json');
    expect(config).toMatchObject({ kind: 'container', image: 'api', buildTarget: 'build', outputPath: 'dist/services/api' });
  });

  it('writes one runtime into tagdeploy.json and the Dockerfile: the base image, the port, the health path', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'api', kind: 'container' });
    const config = parseProductConfig(readJsonFile(tree, 'services/api/tagdeploy.json'), 'tagdeploy.json');
    expect(config).toMatchObject({ baseImage: 'node:20-slim', port: 3000, healthPath: '/health' });
    const dockerfile = { path: 'services/api/Dockerfile', text: readText(tree, 'services/api/Dockerfile') };
    expect(resolveContainerRuntime({ product: 'api', config: config as never, configPath: 'services/api/tagdeploy.json', dockerfile })).toMatchObject({ baseImage: 'docker.io/library/node:20-slim', port: 3000, user: 'node' });
    expect(readText(tree, 'services/api/src/main.ts')).toContain("url.pathname === '/health'");
  });

  it('copies the Dockerfile into the build output so that the output folder is the build context', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'api', kind: 'container' });
    const vite = readText(tree, 'services/api/vite.config.ts');
    expect(vite).toContain("fileName: 'Dockerfile'");
    expect(vite).toContain("new URL('../../dist/services/api', import.meta.url)");
  });
});

describe('product generator: the CloudFront KVS router', () => {
  const kvs = {
    store: 's3://shop-releases/prod',
    environments: {
      staging: { router: { type: 'local' as const } },
      production: { promoteFrom: 'staging', router: { type: 'cloudfront-kvs' as const, kvsArn: 'arn:aws:cloudfront::1:key-value-store/abc' } },
    },
  };

  it('gives a static product the viewer-request function of each KVS env, keyed <product>/<env>', async () => {
    const tree = aWorkspace(kvs);
    await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(tree.children('apps/web/cloudfront').sort()).toEqual(['README.md', 'viewer-request.production.js']);
    expect(readText(tree, 'apps/web/cloudfront/viewer-request.production.js')).toContain("const kvsKey = 'web/production';");
  });

  it('writes a note of the AWS resources, naming the KeyValueStore and the store bucket', async () => {
    const tree = aWorkspace(kvs);
    await productGenerator(tree, { name: 'web', kind: 'static' });
    const note = readText(tree, 'apps/web/cloudfront/README.md');
    expect(note).toContain('arn:aws:cloudfront::1:key-value-store/abc');
    expect(note).toContain('s3://shop-releases/prod');
    expect(note).toContain('cloudfront-js-2.0');
  });

  it('uses the key configured on the router when there is one', async () => {
    const tree = aWorkspace({ environments: { live: { router: { type: 'cloudfront-kvs', kvsArn: 'arn:x', key: 'site/live' } } } });
    await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(readText(tree, 'apps/web/cloudfront/viewer-request.live.js')).toContain("const kvsKey = 'site/live';");
  });

  it('writes no CloudFront files when no env uses the KVS router', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(tree.exists('apps/web/cloudfront')).toBe(false);
  });

  it('writes no CloudFront files for a container product', async () => {
    const tree = aWorkspace(kvs);
    await productGenerator(tree, { name: 'api', kind: 'container' });
    expect(tree.exists('services/api/cloudfront')).toBe(false);
  });
});

describe('product generator: --project (an existing project)', () => {
  const withBuild = (tree: Tree, build: Record<string, unknown>, name = 'legacy') => {
    tree.write(`apps/${name}/project.json`, JSON.stringify({ name, root: `apps/${name}`, targets: { build } }));
    return tree;
  };

  it("adds a tagdeploy.json read from the build target's outputs", async () => {
    const tree = withBuild(aWorkspace(), { executor: 'nx:run-commands', outputs: ['{workspaceRoot}/dist/legacy-site'] });
    await productGenerator(tree, { project: 'legacy', kind: 'static' });
    expect(readJsonFile(tree, 'apps/legacy/tagdeploy.json')).toMatchObject({ kind: 'static', buildTarget: 'build', outputPath: 'dist/legacy-site' });
  });

  it("reads the output path from the build target's options.outputPath", async () => {
    const tree = withBuild(aWorkspace(), { executor: '@nx/vite:build', outputs: ['{options.outputPath}'], options: { outputPath: 'dist/apps/legacy' } });
    await productGenerator(tree, { project: 'legacy', kind: 'static' });
    expect(readJsonFile(tree, 'apps/legacy/tagdeploy.json').outputPath).toBe('dist/apps/legacy');
  });

  it('resolves {projectRoot} in the outputs', async () => {
    const tree = withBuild(aWorkspace(), { executor: 'nx:run-commands', outputs: ['{projectRoot}/build'] });
    await productGenerator(tree, { project: 'legacy', kind: 'container' });
    expect(readJsonFile(tree, 'apps/legacy/tagdeploy.json')).toMatchObject({ kind: 'container', image: 'legacy', outputPath: 'apps/legacy/build' });
  });

  it('asks where the build writes when it cannot tell, and writes the answer', async () => {
    const tree = withBuild(aWorkspace(), { executor: 'nx:run-commands', options: { command: 'make site' } });
    const ask = vi.fn(async () => 'out/site/');
    await productGenerator(tree, { project: 'legacy', kind: 'static' }, ask);
    expect(ask).toHaveBeenCalledWith(expect.stringContaining('nx run legacy:build'));
    expect(readJsonFile(tree, 'apps/legacy/tagdeploy.json').outputPath).toBe('out/site');
  });

  it('refuses, naming --outputPath, when it cannot tell and nobody can be asked; the tree is unchanged', async () => {
    const tree = withBuild(aWorkspace(), { executor: 'nx:run-commands', options: { command: 'make site' } });
    const before = changesOf(tree);
    await expect(productGenerator(tree, { project: 'legacy', kind: 'static' }, async () => undefined)).rejects.toThrow(
      /Cannot tell where the "build" target of "legacy" writes its files .*Pass --outputPath=/,
    );
    expect(changesOf(tree)).toEqual(before);
  });

  it('takes --buildTarget and --outputPath as given (a target a plugin infers)', async () => {
    const tree = aWorkspace();
    tree.write('apps/legacy/project.json', JSON.stringify({ name: 'legacy', root: 'apps/legacy' }));
    await productGenerator(tree, { project: 'legacy', kind: 'static', buildTarget: 'bundle', outputPath: 'dist/legacy' });
    expect(readJsonFile(tree, 'apps/legacy/tagdeploy.json')).toMatchObject({ buildTarget: 'bundle', outputPath: 'dist/legacy' });
  });

  it('keeps an existing tagdeploy.json and says so', async () => {
    const tree = withBuild(aWorkspace(), { executor: 'nx:run-commands', outputs: ['{workspaceRoot}/dist/legacy'] });
    tree.write('apps/legacy/tagdeploy.json', '{ "kind": "static", "outputPath": "mine" }\n');
    const warn = warnings();
    await productGenerator(tree, { project: 'legacy', kind: 'static' });
    expect(readText(tree, 'apps/legacy/tagdeploy.json')).toBe('{ "kind": "static", "outputPath": "mine" }\n');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('apps/legacy/tagdeploy.json'));
  });
});

describe('product generator: a second run', () => {
  it.each(['static', 'container'])('changes nothing for a new %s product', async (kind) => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'thing', kind });
    const after = changesOf(tree);
    warnings();
    await productGenerator(tree, { name: 'thing', kind });
    expect(changesOf(tree)).toEqual(after);
  });

  it('changes nothing for an existing project made deployable', async () => {
    const tree = aWorkspace();
    tree.write('apps/legacy/project.json', JSON.stringify({ name: 'legacy', root: 'apps/legacy', targets: { build: { outputs: ['{workspaceRoot}/dist/legacy'] } } }));
    await productGenerator(tree, { project: 'legacy', kind: 'static' });
    const after = changesOf(tree);
    warnings();
    await productGenerator(tree, { project: 'legacy', kind: 'static' });
    expect(changesOf(tree)).toEqual(after);
  });

  it('says what it kept', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    const warn = warnings();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/kept as it is.*project web.*apps\/web\/index\.html.*apps\/web\/tagdeploy\.json/));
  });

  it('restores a deleted file and never overwrites an edited one', async () => {
    const tree = aWorkspace();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    tree.write('apps/web/index.html', '<p>mine</p>\n');
    tree.delete('apps/web/vite.config.ts');
    warnings();
    await productGenerator(tree, { name: 'web', kind: 'static' });
    expect(readText(tree, 'apps/web/index.html')).toBe('<p>mine</p>\n');
    expect(readText(tree, 'apps/web/vite.config.ts')).toContain('/r/${version}/');
  });
});

describe('product generator: refusals leave the tree unchanged', () => {
  const refused = async (tree: Tree, options: Parameters<typeof productGenerator>[1], message: RegExp) => {
    const before = changesOf(tree);
    await expect(productGenerator(tree, options)).rejects.toThrow(message);
    expect(changesOf(tree)).toEqual(before);
  };

  it('refuses a name that is not a valid project name', async () => {
    await refused(aWorkspace(), { name: 'My App!', kind: 'static' }, /"My App!" is not a valid project name: use lowercase letters/);
  });

  it('refuses a directory that exists', async () => {
    const tree = aWorkspace();
    tree.write('apps/web/notes.txt', 'hello');
    await refused(tree, { name: 'web', kind: 'static' }, /The folder apps\/web already exists\. Pass --directory=/);
  });

  it('refuses a directory outside the workspace', async () => {
    await refused(aWorkspace(), { name: 'web', kind: 'static', directory: '../elsewhere' }, /must be a folder inside the workspace/);
  });

  it('refuses a name that another project already has', async () => {
    const tree = aWorkspace();
    tree.write('libs/web/project.json', JSON.stringify({ name: 'web', root: 'libs/web' }));
    await refused(tree, { name: 'web', kind: 'static' }, /A project named "web" already exists at libs\/web\. .*--project=web/);
  });

  it('refuses --project naming no project, listing the projects there are', async () => {
    const tree = aWorkspace();
    tree.write('apps/shop/project.json', JSON.stringify({ name: 'shop', root: 'apps/shop' }));
    await refused(tree, { project: 'nope', kind: 'static' }, /No project named "nope" in this workspace\. .*one of: shop/);
  });

  it('refuses --project naming a project without a build target', async () => {
    const tree = aWorkspace();
    tree.write('libs/util/project.json', JSON.stringify({ name: 'util', root: 'libs/util', targets: { test: {} } }));
    await refused(tree, { project: 'util', kind: 'static' }, /Project "util" has no "build" target \(not in libs\/util\/project\.json, its package\.json scripts or the targets plugins infer; its targets: test\)\. Pass --buildTarget=/);
  });

  it('makes a package.json-only project deployable: its build script is its build target', async () => {
    const tree = aWorkspace();
    aPackageJsonProject(tree, { name: 'site', scripts: { build: 'vite build' } });
    await productGenerator(tree, { project: 'site', kind: 'static', outputPath: 'apps/site/dist' });
    expect(readJsonFile(tree, 'apps/site/tagdeploy.json')).toMatchObject({ kind: 'static', buildTarget: 'build', outputPath: 'apps/site/dist' });
    expect(tree.exists('apps/site/project.json')).toBe(false);
  });

  it('asks a package.json-only project for its output folder without mentioning a project.json it does not have', async () => {
    const tree = aWorkspace();
    aPackageJsonProject(tree, { name: 'site', scripts: { build: 'vite build' } });
    const message = await productGenerator(tree, { project: 'site', kind: 'static' }, async () => undefined).catch((error: Error) => error.message);
    expect(message).toContain('Cannot tell where the "build" target of "site" writes its files');
    expect(message).toContain('apps/site/package.json');
    expect(message).not.toContain('project.json');
  });

  it("reads the output folder of a build target a plugin infers (the project graph's targets)", async () => {
    const tree = aWorkspace();
    aPackageJsonProject(tree, { name: 'site' });
    const graph = async (project: string) => (project === 'site' ? { build: { executor: '@nx/vite:build', outputs: ['{projectRoot}/dist'] } } : undefined);
    await productGenerator(tree, { project: 'site', kind: 'static' }, undefined, graph);
    expect(readJsonFile(tree, 'apps/site/tagdeploy.json')).toMatchObject({ buildTarget: 'build', outputPath: 'apps/site/dist' });
  });

  it('refuses an unknown kind, naming the known ones', async () => {
    await refused(aWorkspace(), { name: 'web', kind: 'lambda' }, /"lambda" is not a kind the product generator knows: pass --kind=static .* or --kind=container/);
  });

  it('refuses invalid plugin options in nx.json before writing anything', async () => {
    await refused(aWorkspace({ environments: { production: { promoteFrom: 'nowhere' } } }), { name: 'web', kind: 'static' }, /production\.promoteFrom/);
  });
});

describe('product generator: the output folder stays inside the workspace', () => {
  const refused = async (tree: Tree, options: Parameters<typeof productGenerator>[1], message: RegExp, ask?: () => Promise<string | undefined>) => {
    const before = changesOf(tree);
    await expect(productGenerator(tree, options, ask)).rejects.toThrow(message);
    expect(changesOf(tree)).toEqual(before);
  };
  const legacy = (build: Record<string, unknown> = { executor: 'nx:run-commands', options: { command: 'make site' } }) => {
    const tree = aWorkspace();
    tree.write('apps/legacy/project.json', JSON.stringify({ name: 'legacy', root: 'apps/legacy', targets: { build } }));
    return tree;
  };

  it.each(['../../../etc', '/etc', '/home/me/.ssh', 'dist/../../secret', '..\\..\\secret', '.'])('refuses --outputPath=%s, naming the option; the tree is unchanged', async (outputPath) => {
    await refused(legacy(), { project: 'legacy', kind: 'static', outputPath }, /^--outputPath "[^"]+" (leads outside the workspace|is the workspace root itself).*Nothing was written: pass --outputPath=/);
  });

  it('refuses a build target whose outputs lie outside the workspace', async () => {
    await refused(legacy({ executor: 'nx:run-commands', outputs: ['{workspaceRoot}/../shared/site'] }), { project: 'legacy', kind: 'static' }, /The output of "nx run legacy:build" "\.\.\/shared\/site" leads outside the workspace/);
  });

  it('refuses an answer that leads outside the workspace', async () => {
    await refused(legacy(), { project: 'legacy', kind: 'static' }, /The answer "\.\.\/out" leads outside the workspace/, async () => '../out');
  });
});

describe('product generator: target names that collide with tagdeploy targets', () => {
  const refused = async (tree: Tree, options: Parameters<typeof productGenerator>[1], message: RegExp) => {
    const before = changesOf(tree);
    await expect(productGenerator(tree, options)).rejects.toThrow(message);
    expect(changesOf(tree)).toEqual(before);
  };

  it.each([
    ['deploy', 'deploy'],
    ['release-product', 'releaseProduct'],
    ['serve-release', 'serveRelease'],
  ])('refuses --buildTarget=%s, which is tagdeploy\'s %s target', async (buildTarget, key) => {
    const tree = aWorkspace();
    tree.write('apps/legacy/project.json', JSON.stringify({ name: 'legacy', root: 'apps/legacy' }));
    await refused(tree, { project: 'legacy', kind: 'static', buildTarget, outputPath: 'dist/legacy' }, new RegExp(`The build target "${buildTarget}" of legacy is also tagdeploy's ${key} target \\(targetNames\\.${key} in nx\\.json\\).*Nothing was written`));
  });

  it('refuses a new product when targetNames would rename a tagdeploy target to "build"', async () => {
    await refused(aWorkspace({ targetNames: { releaseProduct: 'build' } }), { name: 'web', kind: 'static' }, /The build target "build" of web is also tagdeploy's releaseProduct target/);
  });

  it('refuses a new product whose scaffolded "serve" target would merge with tagdeploy\'s serve target', async () => {
    await refused(aWorkspace({ targetNames: { serveRelease: 'serve' } }), { name: 'web', kind: 'static' }, /The "serve" target \(targetNames\.serveRelease\) of web would share its name with one of tagdeploy's targets/);
  });

  it('refuses an existing project that already has a target named like a tagdeploy target', async () => {
    const tree = aWorkspace();
    tree.write('apps/legacy/project.json', JSON.stringify({ name: 'legacy', root: 'apps/legacy', targets: { build: { outputs: ['{workspaceRoot}/dist/legacy'] }, deploy: { executor: 'nx:run-commands', options: { command: './deploy.sh' } } } }));
    await refused(tree, { project: 'legacy', kind: 'static' }, /The "deploy" target \(targetNames\.deploy\) of legacy would share its name.*targetNames in nx\.json/);
  });

  it('refuses duplicate targetNames in nx.json, naming both', async () => {
    await refused(aWorkspace({ targetNames: { deploy: 'ship', promote: 'ship' } }), { name: 'web', kind: 'static' }, /targetNames\.promote: "ship" is also the name of targetNames\.deploy/);
  });
});
