// Runs the real function source in Node. CloudFront's runtime is not available here, so the
// `cloudfront` module is a FAKE: kvs().get reads a plain object, and throws for a missing key
// as the real helper does.
import { describe, expect, it } from 'vitest';
import { renderViewerRequestFunction } from '../render-viewer-request-function';

type Handler = (event: unknown) => Promise<Record<string, unknown>>;

function fakeCloudfrontModule(values: Record<string, string>) {
  return {
    kvs: () => ({
      get: async (key: string) => {
        if (!(key in values)) throw new Error(`KeyNotFound: ${key}`);
        return values[key];
      },
    }),
  };
}

/** Loads the function as CloudFront would, with the fake module bound to `cf`. */
function loadViewerRequest(values: Record<string, string>, kvsKey = 'checkout/production'): Handler {
  const source = renderViewerRequestFunction(kvsKey);
  const importLine = "import cf from 'cloudfront';";
  expect(source).toContain(importLine);
  const body = source.replace(importLine, '');
  return new Function('cf', `${body}\nreturn handler;`)(fakeCloudfrontModule(values)) as Handler;
}

function aViewerRequest(uri: string) {
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '192.0.2.1' },
    request: { method: 'GET', uri, querystring: { v: { value: '1' } }, headers: { host: { value: 'shop.example.com' } }, cookies: {} },
  };
}

const live = { 'checkout/production': 'checkout/releases/0.2.0' };

describe('viewer-request CloudFront Function (run in Node with a fake cloudfront module)', () => {
  it.each([
    ['/', '/checkout/releases/0.2.0/index.html'],
    ['/assets/index-B4xk2_9a.js', '/checkout/releases/0.2.0/assets/index-B4xk2_9a.js'],
    ['/orders/42', '/checkout/releases/0.2.0/index.html'],
    ['/docs/', '/checkout/releases/0.2.0/index.html'],
    ['/r/0.1.0/assets/lazy-Ab_Cd12.js', '/checkout/releases/0.1.0/assets/lazy-Ab_Cd12.js'],
    ['/r/0.1.0/', '/checkout/releases/0.1.0/index.html'],
    ['/r/0.1.0', '/checkout/releases/0.1.0/index.html'],
    ['/r/1.0.0-rc.1/settings', '/checkout/releases/1.0.0-rc.1/index.html'],
  ])('maps %s to the origin path %s', async (uri, expected) => {
    const handler = loadViewerRequest(live);

    const result = await handler(aViewerRequest(uri));

    expect(result.uri).toBe(expected);
    expect(result.querystring).toEqual({ v: { value: '1' } });
  });

  it('follows the key value store: a new value switches the next request', async () => {
    const values: Record<string, string> = { ...live };
    const handler = loadViewerRequest(values);
    expect((await handler(aViewerRequest('/'))).uri).toBe('/checkout/releases/0.2.0/index.html');

    values['checkout/production'] = 'checkout/releases/0.1.0';

    expect((await handler(aViewerRequest('/'))).uri).toBe('/checkout/releases/0.1.0/index.html');
  });

  it('accepts a release prefix written with slashes around it', async () => {
    const handler = loadViewerRequest({ 'checkout/production': '/checkout/releases/0.2.0/' });

    expect((await handler(aViewerRequest('/r/0.1.0/a.js'))).uri).toBe('/checkout/releases/0.1.0/a.js');
  });

  it('reads the key it was rendered with', async () => {
    const handler = loadViewerRequest({ 'shop-prod': 'checkout/releases/0.3.0' }, 'shop-prod');

    expect((await handler(aViewerRequest('/'))).uri).toBe('/checkout/releases/0.3.0/index.html');
  });

  it('answers 404 when nothing is deployed (the key is missing)', async () => {
    const handler = loadViewerRequest({});

    const result = await handler(aViewerRequest('/'));

    expect(result.statusCode).toBe(404);
    expect(result.body).toEqual({ encoding: 'text', data: 'No release is deployed to this environment yet.\n' });
  });

  it.each(['/r/0.1.0/../../envs/production.json', '/r/0.1.0/%2e%2e/x.js', '/assets/..%2F..%2Fenvs%2Fproduction.json', '/r/%2e%2e/x.js'])(
    'rejects the traversal %s with 400',
    async (uri) => {
      const handler = loadViewerRequest(live);

      const result = await handler(aViewerRequest(uri));

      expect(result.statusCode).toBe(400);
      expect(result.uri).toBeUndefined();
    },
  );

  it('refuses a key that would break the generated source', () => {
    expect(() => renderViewerRequestFunction("it's")).toThrow(/cannot be a key value store key/);
  });
});
