// The production page in a real browser (Debian's Chromium driven by playwright-core), served by
// `nx serve-release`: a reload follows deploys and rollbacks, and a tab opened before a switch
// keeps loading its own version's lazy chunk from /r/<its version>/.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServeRelease, type ServedEnv } from '../support/serve';
import { createShop, type RunResult, type Shop } from '../support/shop';

const chromiumPath = '/usr/bin/chromium';
const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const asShopUser = { TAGDEPLOY_ACTOR: '', TAGDEPLOY_APPROVER: '' };
const approvedByAna = ['--approve', '--approved-by=Ana'];
const checkoutMain = 'apps/checkout/src/main.ts';

let browser: Browser;
let shop: Shop | undefined;
let served: ServedEnv | undefined;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser test needs Chromium at ${chromiumPath} and it is missing. Install it: apt-get install chromium (.ci/run does).`);
  }
  browser = await chromium.launch({ executablePath: chromiumPath, args: launchArgs });
});
afterAll(async () => browser?.close());
afterEach(async () => {
  await served?.stop();
  shop?.cleanup();
  shop = served = undefined;
});

function nxOk(args: string[]): RunResult {
  const run = (shop as Shop).nx(args, asShopUser);
  expect(run.code, `nx ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

/** checkout 0.1.0 released, deployed to staging and promoted to production, served locally. */
async function productionServedAt010(): Promise<ServedEnv> {
  shop = await createShop();
  nxOk(['release-product', 'checkout']);
  nxOk(['deploy', 'checkout', '--env=staging']);
  nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
  served = await startServeRelease(shop, 'checkout', 'production');
  return served;
}

/** A change in checkout released as 0.1.1, deployed to staging and promoted to production. */
function shipFix(): void {
  const s = shop as Shop;
  s.commit(checkoutMain, `${s.read(checkoutMain)}\n// totals fixed\n`, 'fix(checkout): totals include shipping');
  expect(nxOk(['release-product', 'checkout']).stdout).toContain('Released checkout@0.1.1');
  nxOk(['deploy', 'checkout', '--env=staging']);
  nxOk(['promote', 'checkout', '--to=production', ...approvedByAna]);
}

async function shownVersion(page: Page): Promise<string | null> {
  return page.locator('#version').textContent();
}

describe('production in a browser', () => {
  it('shows v0.1.0, then v0.1.1 after a promote and v0.1.0 again after a rollback, on reload', async () => {
    const { url } = await productionServedAt010();
    const page = await browser.newPage();
    try {
      await page.goto(`${url}/`);
      expect(await shownVersion(page)).toBe('v0.1.0');
      expect(await page.title()).toBe('checkout v0.1.0');

      shipFix();
      await page.reload();
      expect(await shownVersion(page)).toBe('v0.1.1');

      nxOk(['rollback', 'checkout', '--env=production', '--reason=totals wrong', ...approvedByAna]);
      await page.reload();
      expect(await shownVersion(page)).toBe('v0.1.0');
      expect(await page.title()).toBe('checkout v0.1.0');
    } finally {
      await page.close();
    }
  });

  it('keeps a tab opened before a switch on its own version: its lazy chunk loads from /r/0.1.0/', async () => {
    const { url } = await productionServedAt010();
    const page = await browser.newPage();
    try {
      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      const failed: string[] = [];
      page.on('requestfailed', (request) => failed.push(request.url()));
      await page.goto(`${url}/`);
      expect(await shownVersion(page)).toBe('v0.1.0');
      expect(await page.locator('#lazy').getAttribute('data-state')).toBe('pending');

      shipFix();
      const live = await fetch(`${url}/`);
      expect(live.headers.get('x-tagdeploy-version')).toBe('0.1.1');
      expect(await live.text()).toContain('v0.1.1');
      const beforeClick = requested.length;
      await page.locator('#load-lazy').click();
      await page.waitForFunction(() => document.querySelector('#lazy')?.getAttribute('data-state') !== 'pending');

      expect(await page.locator('#lazy').getAttribute('data-state')).toBe('loaded');
      expect(await page.locator('#lazy').textContent()).toContain('checkout v0.1.0');
      const chunks = requested.slice(beforeClick).filter((path) => path.endsWith('.js'));
      expect(chunks.length, `requests after the click: ${requested.slice(beforeClick).join(', ')}`).toBeGreaterThan(0);
      for (const chunk of chunks) expect(chunk).toMatch(/^\/r\/0\.1\.0\/assets\/[^/]+\.js$/);
      expect(failed).toEqual([]);
      expect(await shownVersion(page)).toBe('v0.1.0');
    } finally {
      await page.close();
    }
  });
});
