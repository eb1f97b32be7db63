import { describe, expect, it } from 'vitest';
import { cachePolicyFor, immutableCacheControl, isContentHashed } from './cache-policy';
import { contentTypeFor } from './content-type';

describe('cachePolicyFor', () => {
  it.each([
    'assets/index-B4xk2_9a.js',
    'assets/index-BRWvXN-c.js',
    'assets/index-DiwrgTDA.css',
    'assets/logo-Bx7kLmQp.svg',
    'assets/index-B4xk2_9a.js.map',
    'chunk.3f9a1c2b.css',
    'main.3f9a1c2b5e6d7f80.js',
    'static/js/787.5bd2a3c4.chunk.js',
  ])('caches the content-hashed %s for a year, immutable', (name) => {
    expect(cachePolicyFor(name)).toBe(immutableCacheControl);
    expect(immutableCacheControl).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    'index.html',
    'assets/about-3f9a1c2b.html',
    'favicon.ico',
    'robots.txt',
    'app.js',
    'my-component.js',
    'long-filename.js',
    'app-settings.js',
    'assets/deadbeef.js',
    'manifest.webmanifest',
    'README',
  ])('revalidates %s on every request', (name) => {
    expect(cachePolicyFor(name)).toBe('no-cache');
  });

  it('does not take plain words for hashes', () => {
    expect(isContentHashed('vendor-material.js')).toBe(false);
    expect(isContentHashed('header-Settings.js')).toBe(false);
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/app-B4xk2_9a.js', 'text/javascript; charset=utf-8'],
    ['worker.mjs', 'text/javascript; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['app.js.map', 'application/json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['photo.PNG', 'image/png'],
    ['photo.jpg', 'image/jpeg'],
    ['anim.gif', 'image/gif'],
    ['pic.webp', 'image/webp'],
    ['pic.avif', 'image/avif'],
    ['favicon.ico', 'image/x-icon'],
    ['font.woff', 'font/woff'],
    ['font.woff2', 'font/woff2'],
    ['font.ttf', 'font/ttf'],
    ['robots.txt', 'text/plain; charset=utf-8'],
    ['sitemap.xml', 'application/xml; charset=utf-8'],
    ['module.wasm', 'application/wasm'],
    ['site.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['archive.tar.zst', 'application/octet-stream'],
    ['LICENSE', 'application/octet-stream'],
  ])('%s is %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});
