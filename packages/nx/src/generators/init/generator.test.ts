import { logger, readNxJson } from '@nx/devkit';
import { parsePluginOptions } from '@tagdeploy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aWorkspace, changesOf, quietGenerators, readText } from '../testing/workspace-tree';
import { initGenerator } from './generator';

beforeEach(quietGenerators);
afterEach(() => vi.restoreAllMocks());

const registered = (tree: ReturnType<typeof aWorkspace>) =>
  (readNxJson(tree)?.plugins ?? []).filter((plugin) => typeof plugin === 'object' && plugin.plugin === '@tagdeploy/nx') as { options: any }[];

describe('init generator', () => {
  it('registers the plugin with the embedded store and staging -> production (approval required) by default', async () => {
    const tree = aWorkspace(null);
    await initGenerator(tree, {});
    expect(registered(tree)).toHaveLength(1);
    expect(registered(tree)[0].options).toEqual({
      releaseBranch: 'main',
      store: 'file:.tagdeploy/store',
      environments: {
        staging: { router: { type: 'local' } },
        production: { promoteFrom: 'staging', approval: 'required', router: { type: 'local' } },
      },
    });
  });

  it('writes options that pass the plugin options schema', async () => {
    const tree = aWorkspace(null);
    await initGenerator(tree, { store: 's3://releases/shop', environments: 'dev, qa ,prod' });
    expect(() => parsePluginOptions(registered(tree)[0].options)).not.toThrow();
  });

  it('chains the given environments in promotion order; only the last needs an approver', async () => {
    const tree = aWorkspace(null);
    await initGenerator(tree, { environments: 'dev,qa,prod' });
    const { environments } = parsePluginOptions(registered(tree)[0].options);
    expect(Object.keys(environments)).toEqual(['dev', 'qa', 'prod']);
    expect([environments.dev.promoteFrom, environments.qa.promoteFrom, environments.prod.promoteFrom]).toEqual([undefined, 'dev', 'qa']);
    expect([environments.dev.approval, environments.qa.approval, environments.prod.approval]).toEqual(['none', 'none', 'required']);
  });

  it('stores releases where it is told', async () => {
    const tree = aWorkspace(null);
    await initGenerator(tree, { store: 's3://releases/shop' });
    expect(registered(tree)[0].options.store).toBe('s3://releases/shop');
  });

  it('explains what it wrote in its output (nx.json holds no comments)', async () => {
    const tree = aWorkspace(null);
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    await initGenerator(tree, {});
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/store: file:\.tagdeploy\/store[\s\S]*production: promoted from staging, changes need an approver/));
  });

  it('keeps .tagdeploy/ out of git', async () => {
    const tree = aWorkspace(null);
    await initGenerator(tree, {});
    expect(readText(tree, '.gitignore')).toMatch(/^\.tagdeploy\/$/m);
  });

  it("adds Nx's .nx/cache and .nx/workspace-data to .gitignore when missing (a tracked .nx makes every release refuse a dirty tree)", async () => {
    const tree = aWorkspace(null);
    tree.write('.gitignore', 'node_modules\n/.nx/cache\n');
    await initGenerator(tree, {});
    const lines = readText(tree, '.gitignore').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(lines).toEqual(['node_modules', '/.nx/cache', '.tagdeploy/', '.nx/workspace-data/']);
  });

  it('adds no .nx line when .gitignore already ignores all of .nx', async () => {
    const tree = aWorkspace(null);
    tree.write('.gitignore', '.nx/\n.tagdeploy\n');
    await initGenerator(tree, {});
    expect(readText(tree, '.gitignore')).toBe('.nx/\n.tagdeploy\n');
  });

  it('changes nothing on a second run', async () => {
    const tree = aWorkspace(null);
    await initGenerator(tree, {});
    const after = changesOf(tree);
    await initGenerator(tree, { environments: 'other' });
    expect(changesOf(tree)).toEqual(after);
  });

  it('leaves the options of an already registered plugin as they are', async () => {
    const tree = aWorkspace({ store: 'file:elsewhere' });
    await initGenerator(tree, { store: 's3://b/p' });
    expect(registered(tree).map((entry) => entry.options)).toEqual([{ store: 'file:elsewhere' }]);
  });

  it('refuses an invalid environment name, saying which; the tree is unchanged', async () => {
    const tree = aWorkspace(null);
    const before = changesOf(tree);
    await expect(initGenerator(tree, { environments: 'staging,prod env' })).rejects.toThrow(/"prod env" is not a valid environment name/);
    expect(changesOf(tree)).toEqual(before);
  });

  it('refuses an environment named twice; the tree is unchanged', async () => {
    const tree = aWorkspace(null);
    const before = changesOf(tree);
    await expect(initGenerator(tree, { environments: 'staging,staging' })).rejects.toThrow(/names an environment twice/);
    expect(changesOf(tree)).toEqual(before);
  });

  it.each([
    [{ store: 'http://127.0.0.1:9000/releases' }, /^--store: "http:\/\/127\.0\.0\.1:9000\/releases" is not a store tagdeploy can use: use file:<folder> .* or s3:\/\/bucket\/prefix/],
    [{ store: 'https://minio.example.com/releases' }, /^--store: .*is not a store tagdeploy can use/],
    [{ store: 'gs://releases' }, /^--store: "gs:\/\/releases" is not a store/],
    [{ store: '' }, /^--store: "" is not a store/],
    [{ releaseBranch: '' }, /^--release-branch: must not be empty\. Nothing was written/],
    [{ releaseBranch: 'release..1' }, /^--release-branch: "release\.\.1" is not a branch name git accepts/],
    [{ environments: ',' }, /^--environments="," names no environment/],
    [{ environments: 'staging,../prod' }, /^--environments: "\.\.\/prod" is not a valid environment name/],
  ])('refuses %j, naming the option; the tree is unchanged', async (options, message) => {
    const tree = aWorkspace(null);
    const before = changesOf(tree);
    await expect(initGenerator(tree, options)).rejects.toThrow(message);
    expect(changesOf(tree)).toEqual(before);
  });

  it('never repeats the credentials of a refused --store', async () => {
    const tree = aWorkspace(null);
    const refused = await initGenerator(tree, { store: 'http://AKIAEXAMPLE:wJalrXUtnFEMI@127.0.0.1:9000/r' }).catch((error: Error) => error);
    expect((refused as Error).message).toContain('"http://***@127.0.0.1:9000/r" is not a store');
    expect((refused as Error).message).not.toContain('wJalrXUtnFEMI');
  });
});
