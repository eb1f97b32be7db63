// What only the CLI can get wrong: unknown commands and flags (with the nearest valid one), no
// workspace, no turbo, a product name that is not one, broken tagdeploy.config.json, and init
// refusing to overwrite. Each exits non-zero and changes nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/shop/shop-files';
import type { RunResult } from '../support/shop';
import { createTurboShop, type TurboShop } from '../support/turbo-shop';

let shop: TurboShop;
afterEach(() => shop?.cleanup());

const snapshot = async () => ({ tags: shop.localTags(), remote: shop.remoteTags(), store: await shop.storeFiles(), status: shop.git(['status', '--porcelain']) });

function expectRefused(run: RunResult, code: string, ...mentions: string[]): void {
  expect(run.code, run.output).toBe(1);
  const message = new RegExp(`tagdeploy error \\[${code}\\]: (.*)`).exec(run.stderr)?.[1];
  expect(message, `no ${code} error in:\n${run.output}`).toBeDefined();
  for (const mention of mentions) expect(message).toContain(mention);
  expect(run.stdout).toBe('');
}

describe('tagdeploy CLI refusals', () => {
  it('refuses an unknown command and suggests the nearest one', async () => {
    shop = await createTurboShop();
    const before = await snapshot();

    const run = shop.tagdeploy(['relase', 'checkout']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: unknown command 'relase'");
    expect(run.stderr).toContain('(Did you mean release?)');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown flag before doing anything, and suggests the nearest one', async () => {
    shop = await createTurboShop();
    const before = await snapshot();

    const run = shop.tagdeploy(['release', 'checkout', '--dryrun']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: unknown option '--dryrun'");
    expect(run.stderr).toContain('(Did you mean --dry-run?)');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a missing required flag, naming it', async () => {
    shop = await createTurboShop();

    const run = shop.tagdeploy(['deploy', 'checkout']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: required option '--env <env>' not specified");
  });

  it('explains every command with --help', async () => {
    shop = await createTurboShop();
    for (const command of ['release', 'deploy', 'promote', 'rollback', 'status', 'serve', 'init']) {
      const run = shop.tagdeploy([command, '--help']);
      expect(run.code, run.output).toBe(0);
      expect(run.stdout).toContain(`Usage: tagdeploy ${command}`);
    }
  });

  it('refuses to run outside a workspace, saying what it looks for', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tagdeploy-no-workspace-'));
    try {
      const run = spawnSync(process.execPath, [join(repoRoot, 'packages/cli/bin/tagdeploy.js'), 'status'], { cwd: empty, encoding: 'utf8' });

      expectRefused({ code: run.status, stdout: run.stdout, stderr: run.stderr, output: run.stdout + run.stderr }, 'NO_WORKSPACE', `No workspace found from ${empty}`, 'nx.json, turbo.json, pnpm-workspace.yaml');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a Turborepo whose turbo is not installed, naming the install command', async () => {
    shop = await createTurboShop();
    unlinkSync(join(shop.dir, 'node_modules/.bin/turbo'));
    const before = await snapshot();

    const run = shop.tagdeploy(['release', 'checkout'], { PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(':') });

    expectRefused(run, 'TURBO_MISSING', 'turbo is not installed in', 'pnpm add --save-dev --workspace-root turbo');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown product and lists the products', async () => {
    shop = await createTurboShop();
    const before = await snapshot();

    expectRefused(shop.tagdeploy(['release', 'nope']), 'NOT_A_PRODUCT', 'Unknown product "nope"', 'Products: checkout, payments-api, storefront.');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a package that is not a product and says how to make it one', async () => {
    shop = await createTurboShop();
    const before = await snapshot();

    expectRefused(shop.tagdeploy(['release', 'ui']), 'NOT_A_PRODUCT', 'ui is not a product: it has no tagdeploy.json', '(tagdeploy init ui)');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad workspace settings, listing every problem with its path', async () => {
    shop = await createTurboShop();
    const settings = JSON.parse(shop.read('tagdeploy.config.json'));
    shop.commit('tagdeploy.config.json', JSON.stringify({ ...settings, releaseBranch: 5, colour: 'blue' }), 'chore: bad settings');
    const before = await snapshot();

    expectRefused(shop.tagdeploy(['release', 'checkout']), 'INVALID_CONFIG', 'The workspace settings in tagdeploy.config.json has 2 problems', 'releaseBranch', 'colour');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a tagdeploy.config.json that is not JSON', async () => {
    shop = await createTurboShop();
    shop.commit('tagdeploy.config.json', '{ "store": ', 'chore: truncated settings');

    expectRefused(shop.tagdeploy(['status', '--json']), 'INVALID_CONFIG', 'tagdeploy.config.json');
  });

  it('writes the settings and a product config with init, and never overwrites either', async () => {
    shop = await createTurboShop();

    expectRefused(shop.tagdeploy(['init']), 'INVALID_CONFIG', 'tagdeploy.config.json exists; nothing was written');
    shop.git(['rm', '-q', 'tagdeploy.config.json']);
    expect(shop.tagdeploy(['init']).stdout).toContain('Wrote tagdeploy.config.json');
    expect(JSON.parse(shop.read('tagdeploy.config.json')).environments.production).toMatchObject({ promoteFrom: 'staging', approval: 'required' });

    const made = shop.tagdeploy(['init', 'ui', '--kind', 'static']);
    expect(made.code, made.output).toBe(0);
    expect(JSON.parse(shop.read('packages/ui/tagdeploy.json'))).toMatchObject({ kind: 'static', buildTarget: 'build', outputPath: 'packages/ui/dist' });
    writeFileSync(join(shop.dir, 'packages/ui/tagdeploy.json'), '{"kind":"static","outputPath":"elsewhere"}\n');
    expectRefused(shop.tagdeploy(['init', 'ui']), 'INVALID_CONFIG', 'packages/ui/tagdeploy.json exists; nothing was written');
    expect(shop.read('packages/ui/tagdeploy.json')).toBe('{"kind":"static","outputPath":"elsewhere"}\n');
  });
});
