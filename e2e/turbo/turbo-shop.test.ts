// The e2e-turbo harness itself, without the CLI: a fresh copy of examples/turbo-shop is a git repo
// pushed to its remote, builds through its package graph, and keys turbo's cache on the version.
import { afterEach, describe, expect, it } from 'vitest';
import { createTurboShop, type TurboShop } from '../support/turbo-shop';

let shop: TurboShop;
afterEach(() => shop?.cleanup());

const buildCheckout = (version: string) => shop.turbo(['run', 'build', '--filter=checkout'], { TAGDEPLOY_VERSION: version });

/** The built page and the entry script it loads (the one that carries import.meta.env.TAGDEPLOY_VERSION). */
function builtCheckout(): { html: string; entry: string } {
  const html = shop.read('apps/checkout/dist/index.html');
  const src = html.match(/<script type="module" crossorigin src="\/r\/[^/]+\/(assets\/index-[\w-]+\.js)"/)?.[1];
  if (!src) throw new Error(`apps/checkout/dist/index.html loads no entry script:\n${html}`);
  return { html, entry: shop.read(`apps/checkout/dist/${src}`) };
}

describe('turbo-shop (a temp copy of examples/turbo-shop)', () => {
  it('is its own git repo on main with one commit, pushed to a bare remote, node_modules ignored', async () => {
    shop = await createTurboShop();

    expect(shop.git(['branch', '--show-current'])).toBe('main');
    expect(shop.git(['rev-list', '--count', 'HEAD'])).toBe('1');
    expect(shop.git(['rev-parse', 'refs/heads/main'])).toBe(shop.git(['--git-dir', shop.remote, 'rev-parse', 'refs/heads/main']));
    expect(shop.git(['status', '--porcelain'])).toBe('');
    expect(shop.git(['ls-files'])).toContain('pnpm-lock.yaml');
    expect(shop.git(['ls-files'])).not.toContain('node_modules');
  });

  it('builds checkout after ui and utils, and the page shows TAGDEPLOY_VERSION', async () => {
    shop = await createTurboShop();

    const run = buildCheckout('0.1.0');

    expect(run.code, run.output).toBe(0);
    const order = ['utils:build: cache miss', 'ui:build: cache miss', 'checkout:build: cache miss'].map((line) => run.stdout.indexOf(line));
    expect(order.every((at) => at >= 0), run.output).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const { html, entry } = builtCheckout();
    expect(html).toContain('<p id="version">v0.1.0</p>');
    expect(html).toContain('src="/r/0.1.0/assets/');
    expect(entry).toContain('0.1.0');
  });

  it('rebuilds for another TAGDEPLOY_VERSION (a cache miss) and replays the cache for the same one', async () => {
    shop = await createTurboShop();
    expect(buildCheckout('0.1.0').code).toBe(0);

    const other = buildCheckout('0.2.0');

    expect(other.code, other.output).toBe(0);
    expect(other.stdout).toContain('checkout:build: cache miss');
    const { html, entry } = builtCheckout();
    expect(html).toContain('<p id="version">v0.2.0</p>');
    expect(html).not.toContain('0.1.0');
    expect(entry).toContain('0.2.0');
    expect(entry).not.toContain('0.1.0');

    const again = buildCheckout('0.2.0');

    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain('checkout:build: cache hit');
    expect(builtCheckout().html).toContain('<p id="version">v0.2.0</p>');
  });
});
