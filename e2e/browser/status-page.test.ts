// The status page and the plan graph in a real browser (Debian's Chromium driven by playwright-core):
// `release-status --html` and `release-product --dry-run --html` through nx (and the CLI), and the
// same status page at /_tagdeploy/status of `nx serve-release`. Each page loads from its file with
// no console error and no request at all, shows what the store holds, and leaves a screenshot in
// test-output/status-page/ (not committed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nxEnv, repoRoot } from '../../tools/shop/shop-files';
import { startServeRelease } from '../support/serve';
import { createShop, type RunResult, type Shop } from '../support/shop';

const chromiumPath = '/usr/bin/chromium';
const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
const approvedByAna = ['--approve', '--approved-by=Ana'];
const outputDir = join(repoRoot, 'test-output', 'status-page');

let browser: Browser;
let shop: Shop;

function nxOk(args: string[]): RunResult {
  const run = shop.nx(args, asShopUser);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

function tagdeploy(args: string[]): RunResult {
  const run = spawnSync(process.execPath, [join(repoRoot, 'packages/cli/bin/tagdeploy.js'), ...args], { cwd: shop.dir, encoding: 'utf8', env: { ...process.env, ...nxEnv, ...asShopUser } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, output: run.stdout + run.stderr };
}

/** The version an env's pointer in the store names (what the page must show). */
async function storedVersion(product: string, env: string): Promise<string | null> {
  const pointer = await shop.store.get(`${product}/envs/${env}.json`);
  return pointer ? (JSON.parse(pointer.body.toString('utf8')) as { version: string }).version : null;
}

/** Opens a page, failing on any console error, page error or request that is not the page itself. */
async function openPage(url: string, screenshot: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (request.url() !== url) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url);
  await page.waitForLoadState('load');
  expect(problems).toEqual([]);
  const file = join(outputDir, screenshot);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size).toBeGreaterThan(0);
  return page;
}

const cellVersion = (page: Page, product: string, env: string) => page.locator(`#matrix td[data-product="${product}"][data-env="${env}"]`).getAttribute('data-version');

/** Checks the page against the store: both envs of checkout, production's rollback, the changelog between 0.1.0 and 0.1.1. */
async function expectStatusOfShop(page: Page): Promise<void> {
  expect(await cellVersion(page, 'checkout', 'staging')).toBe(await storedVersion('checkout', 'staging'));
  expect(await cellVersion(page, 'checkout', 'production')).toBe(await storedVersion('checkout', 'production'));
  expect(await cellVersion(page, 'checkout', 'staging')).toBe('0.1.1');
  expect(await cellVersion(page, 'checkout', 'production')).toBe('0.1.0');
  expect(await page.locator('#matrix td[data-product="storefront"][data-env="staging"]').textContent()).toContain('nothing deployed');

  const production = page.locator('#product-checkout .env-history[data-env="production"] li');
  expect(await production.evaluateAll((items) => items.map((item) => `${item.getAttribute('data-action')} ${item.getAttribute('data-version')}`))).toEqual([
    'promote 0.1.0',
    'promote 0.1.1',
    'rollback 0.1.0',
  ]);
  expect(await page.locator('#product-checkout .env-history[data-env="production"] li.rollback').textContent()).toContain('totals wrong');

  const changelog = page.locator('.changelog[data-product="checkout"]');
  await changelog.locator('select.from').selectOption('0.1.0');
  await changelog.locator('select.to').selectOption('0.1.1');
  const changes = await changelog.locator('.changes').textContent();
  expect(changes).toContain('Changes from 0.1.0 to 0.1.1');
  expect(changes).toContain('totals include shipping');
  await changelog.locator('select.to').selectOption('0.1.0');
  expect(await changelog.locator('.changes').textContent()).toContain('Same version');
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser test needs Chromium at ${chromiumPath} and it is missing. Install it: apt-get install chromium (.ci/run does).`);
  }
  mkdirSync(outputDir, { recursive: true });
  browser = await chromium.launch({ executablePath: chromiumPath, args: launchArgs });
  // checkout: 0.1.0 and 0.1.1 promoted to production, production rolled back to 0.1.0, staging on 0.1.1.
  shop = await createShop();
  nxOk(['release-product', 'checkout']);
  nxOk(['deploy', 'checkout', '--env=staging']);
  nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
  shop.commit('apps/checkout/src/main.ts', `${shop.read('apps/checkout/src/main.ts')}\n// totals fixed\n`, 'fix(checkout): totals include shipping');
  nxOk(['release-product', 'checkout']);
  nxOk(['deploy', 'checkout', '--env=staging']);
  nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
  nxOk(['rollback', 'checkout', '--env=production', '--reason=totals wrong', ...approvedByAna]);
});
afterAll(async () => {
  await browser?.close();
  shop?.cleanup();
});

describe('status page', () => {
  it('nx release-status --html writes one page that shows every product x env, the history with the rollback, and the changelog between two versions', async () => {
    const file = join(outputDir, 'status-nx.html');
    expect(nxOk(['release-status', 'checkout', `--html=${file}`]).stdout).toContain(`Wrote the status page of every product to ${file}`);

    const page = await openPage(pathToFileURL(file).href, 'status-nx.png');
    try {
      await expectStatusOfShop(page);
    } finally {
      await page.close();
    }
  });

  it('tagdeploy status --html writes the same page', async () => {
    const file = join(outputDir, 'status-cli.html');
    const run = tagdeploy(['status', '--html', file]);
    expect(run.code, run.output).toBe(0);

    const page = await openPage(pathToFileURL(file).href, 'status-cli.png');
    try {
      await expectStatusOfShop(page);
    } finally {
      await page.close();
    }
  });

  it('nx serve-release shows the same page at /_tagdeploy/status', async () => {
    const served = await startServeRelease(shop, 'checkout', 'production', { configuration: true });
    try {
      expect(served.output()).toContain(`${served.url}/_tagdeploy/status`);
      const page = await openPage(`${served.url}/_tagdeploy/status`, 'status-router.png');
      try {
        await expectStatusOfShop(page);
      } finally {
        await page.close();
      }
    } finally {
      await served.stop();
    }
  });
});

describe('plan graph', () => {
  it('release-product --dry-run --html draws the product, its dependencies, the commit via ui and storefront as also affected', async () => {
    shop.commit('packages/ui/src/index.ts', `${shop.read('packages/ui/src/index.ts')}\n// focus ring\n`, 'fix(ui): focus ring on buttons');
    const file = join(outputDir, 'plan-nx.html');
    const tagsBefore = shop.remoteTags();
    expect(nxOk(['release-product', 'checkout', '--dry-run', `--html=${file}`]).stdout).toContain(`Drew the plan of checkout in ${file}`);
    expect(shop.remoteTags()).toEqual(tagsBefore);
    expect(readFileSync(file, 'utf8')).toContain('Copyright (c) 2012-2014 Chris Pettitt');

    const page = await openPage(pathToFileURL(file).href, 'plan-nx.png');
    try {
      const nodes = await page.locator('svg g.node').evaluateAll((groups) => groups.map((group) => `${group.getAttribute('class')}: ${group.textContent}`));
      expect(nodes).toEqual(
        expect.arrayContaining([
          'node node-product: checkout0.1.1 → 0.1.2 (patch)',
          'node node-dependency: ui',
          'node node-dependency: utils',
          'node node-affected: storefrontalso affected, not released',
        ]),
      );
      expect(nodes.filter((node) => node.startsWith('node node-commit:'))).toEqual([expect.stringContaining('focus ring on buttons')]);
      const edges = await page.locator('svg g.edge').evaluateAll((groups) => groups.map((group) => `${group.getAttribute('data-from')?.split(':')[0]} ${group.textContent} ${group.getAttribute('data-to')}`));
      expect(edges).toEqual(expect.arrayContaining(['commit via ui project:ui', 'project depends on project:ui', 'affected uses project:ui']));
    } finally {
      await page.close();
    }
  });

  it('refuses --html without --dry-run, through both hosts: nothing released, no file', () => {
    const file = join(outputDir, 'plan-refused.html');
    const tagsBefore = shop.remoteTags();

    const nx = shop.nx(['release-product', 'checkout', `--html=${file}`], asShopUser);
    const cli = tagdeploy(['release', 'checkout', '--html', file]);

    expect(nx.code).toBe(1);
    expect(nx.output).toContain(`--html draws the plan of a dry run, and this run would release checkout: nothing was done. Add --dry-run: nx release-product checkout --dry-run --html=${file}`);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`Add --dry-run: tagdeploy release checkout --dry-run --html ${file}`);
    expect(shop.remoteTags()).toEqual(tagsBefore);
    expect(shop.localTags()).toEqual(tagsBefore);
    expect(existsSync(file)).toBe(false);
  });
});
