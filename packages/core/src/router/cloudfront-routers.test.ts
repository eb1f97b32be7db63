// The CloudFront routers against a LOCAL HTTP STAND-IN of the CloudFront and KeyValueStore APIs
// (testing/cloudfront-stand-in.ts): CloudFront itself cannot run here. The real SDK clients talk
// to it over HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { isTagdeployError, type TagdeployError } from '../errors/tagdeploy-error';
import { CloudFrontKvsRouter } from './cloudfront-kvs-router';
import { CloudFrontOriginRouter, type CloudFrontOriginRouterOptions } from './cloudfront-origin-router';
import { aDistributionConfigXml, startCloudFrontStandIn, type CloudFrontStandIn } from './testing/cloudfront-stand-in';

const kvsArn = 'arn:aws:cloudfront::123456789012:key-value-store/0f1e2d3c-aaaa-bbbb-cccc-000000000001';
const distributionId = 'E2STANDIN0001';
const standIns: CloudFrontStandIn[] = [];
afterEach(async () => {
  for (const standIn of standIns.splice(0)) await standIn.close();
});

async function aStandIn(origins = [{ id: 'store', originPath: '/web/checkout/releases/0.1.0' }]): Promise<CloudFrontStandIn> {
  const standIn = await startCloudFrontStandIn({
    kvsArn,
    kvsValues: { 'checkout/production': 'checkout/releases/0.1.0' },
    distributionId,
    distributionConfigXml: aDistributionConfigXml(origins),
  });
  standIns.push(standIn);
  return standIn;
}

const clientConfig = (standIn: CloudFrontStandIn) => ({
  endpoint: standIn.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'STANDIN', secretAccessKey: 'stand-in-secret' },
  maxAttempts: 1,
});

/**
 * The KVS client builds its host from the ARN's account id (`<account>.<endpoint host>`), which
 * cannot name 127.0.0.1; the endpoint provider pins the stand-in's address instead. Signing
 * (SigV4A, pure JS) still runs as against AWS.
 */
const kvsClientConfig = (standIn: CloudFrontStandIn) => ({
  ...clientConfig(standIn),
  endpoint: undefined,
  endpointProvider: () => ({ url: new URL(standIn.url) }),
});

const production = { product: 'checkout', env: 'production' };
const to = (version: string) => ({ ...production, version, releasePrefix: `checkout/releases/${version}/` });

async function failure(promise: Promise<unknown>): Promise<TagdeployError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isTagdeployError(error)) throw new Error(`expected a TagdeployError, got ${String(error)}`);
  return error;
}

describe('CloudFrontKvsRouter against the local CloudFront KVS stand-in', () => {
  it('describes the store, then puts <product>/<env> = the release prefix with its ETag', async () => {
    const standIn = await aStandIn();
    const router = new CloudFrontKvsRouter({ kvsArn, clientConfig: kvsClientConfig(standIn) });

    const result = await router.activate(to('0.2.0'));

    expect(result.status).toBe('switched');
    expect(standIn.kvs.values.get('checkout/production')).toBe('checkout/releases/0.2.0');
    expect(standIn.calls).toEqual(['DescribeKeyValueStore', 'PutKey']);
  });

  it('signs its calls with SigV4A, as the global KVS endpoint requires', async () => {
    const standIn = await aStandIn();
    const router = new CloudFrontKvsRouter({ kvsArn, clientConfig: kvsClientConfig(standIn) });

    await router.activate(to('0.2.0'));

    expect(standIn.signedWith).toEqual(['AWS4-ECDSA-P256-SHA256', 'AWS4-ECDSA-P256-SHA256']);
  });

  it('re-describes and retries when another writer changed the store between describe and put', async () => {
    const standIn = await aStandIn();
    const router = new CloudFrontKvsRouter({ kvsArn, clientConfig: kvsClientConfig(standIn) });
    standIn.raceNextWrites(2);

    const result = await router.activate(to('0.2.0'));

    expect(result.status).toBe('switched');
    expect(standIn.kvs.values.get('checkout/production')).toBe('checkout/releases/0.2.0');
    expect(standIn.calls).toEqual(['DescribeKeyValueStore', 'PutKey', 'DescribeKeyValueStore', 'PutKey', 'DescribeKeyValueStore', 'PutKey']);
  });

  it('gives up after the bounded attempts with ROUTER_CONFLICT and leaves the key as it was', async () => {
    const standIn = await aStandIn();
    const router = new CloudFrontKvsRouter({ kvsArn, maxAttempts: 3, clientConfig: kvsClientConfig(standIn) });
    standIn.raceNextWrites(10);

    const error = await failure(router.activate(to('0.2.0')));

    expect(error.code).toBe('ROUTER_CONFLICT');
    expect(error.message).toContain('Could not switch checkout production to 0.2.0');
    expect(error.message).toContain('3 times in a row');
    expect(standIn.kvs.values.get('checkout/production')).toBe('checkout/releases/0.1.0');
    expect(standIn.calls.filter((c) => c === 'PutKey')).toHaveLength(3);
  });

  it('reads the live version back with GetKey, and null for an env never switched', async () => {
    const standIn = await aStandIn();
    const router = new CloudFrontKvsRouter({ kvsArn, clientConfig: kvsClientConfig(standIn) });

    expect(await router.readLive(production)).toBe('0.1.0');
    expect(await router.readLive({ product: 'checkout', env: 'staging' })).toBeNull();
  });

  it('uses a configured key template', async () => {
    const standIn = await aStandIn();
    const router = new CloudFrontKvsRouter({ kvsArn, key: 'tagdeploy:{env}:{product}', clientConfig: kvsClientConfig(standIn) });

    await router.activate(to('0.3.0'));

    expect(standIn.kvs.values.get('tagdeploy:production:checkout')).toBe('checkout/releases/0.3.0');
    expect(await router.readLive(production)).toBe('0.3.0');
  });

  it('names the store and the fix when the key value store does not exist', async () => {
    const standIn = await aStandIn();
    const wrongArn = kvsArn.replace(/1$/, '9');
    const router = new CloudFrontKvsRouter({ kvsArn: wrongArn, clientConfig: kvsClientConfig(standIn) });

    const error = await failure(router.activate(to('0.2.0')));

    expect(error.code).toBe('ROUTER_UNAVAILABLE');
    expect(error.message).toContain(wrongArn);
    expect(error.message).toContain('ResourceNotFoundException');
    expect(standIn.kvs.values.get('checkout/production')).toBe('checkout/releases/0.1.0');
  });
});

describe('CloudFrontOriginRouter against the local CloudFront stand-in', () => {
  const aRouter = (standIn: CloudFrontStandIn, options: Partial<CloudFrontOriginRouterOptions> = {}) =>
    new CloudFrontOriginRouter({ distributionId, storePrefix: 'web', purgePollMs: 5, purgeTimeoutMs: 2_000, clientConfig: clientConfig(standIn), ...options });

  it('sets the origin path to /<store prefix>/<product>/releases/<version> with IfMatch, then purges /*', async () => {
    const standIn = await aStandIn();

    const result = await aRouter(standIn).activate(to('0.2.0'));

    expect(result.status).toBe('switched');
    expect(standIn.originPath('store')).toBe('/web/checkout/releases/0.2.0');
    expect(standIn.invalidations).toEqual([{ id: expect.any(String), paths: ['/*'], status: 'Completed' }]);
    expect(standIn.calls.slice(0, 3)).toEqual(['GetDistributionConfig', 'UpdateDistribution', 'CreateInvalidation']);
  });

  it('keeps the rest of the distribution config as it was', async () => {
    const standIn = await aStandIn();
    const before = standIn.distribution.configXml;

    await aRouter(standIn).activate(to('0.2.0'));

    const strip = (xml: string) => xml.replace(/<OriginPath>[^<]*<\/OriginPath>/, '').replace(/\s+/g, '');
    expect(standIn.distribution.configXml).toContain('<Comment>stand-in</Comment>');
    expect(standIn.distribution.configXml).toContain('<DefaultRootObject>index.html</DefaultRootObject>');
    expect(strip(standIn.distribution.configXml).length).toBeGreaterThan(strip(before).length * 0.8);
  });

  it('re-reads and retries when the distribution was updated by someone else (IfMatch)', async () => {
    const standIn = await aStandIn();
    standIn.raceNextWrites(1);

    const result = await aRouter(standIn).activate(to('0.2.0'));

    expect(result.status).toBe('switched');
    expect(standIn.originPath('store')).toBe('/web/checkout/releases/0.2.0');
    expect(standIn.calls.slice(0, 4)).toEqual(['GetDistributionConfig', 'UpdateDistribution', 'GetDistributionConfig', 'UpdateDistribution']);
  });

  it('reports switched-purge-pending, not a failure, when the invalidation outlasts the wait', async () => {
    const standIn = await aStandIn();
    standIn.invalidationsComplete = false;

    const result = await aRouter(standIn, { purgeTimeoutMs: 100 }).activate(to('0.2.0'));

    expect(result.status).toBe('switched-purge-pending');
    expect(result.detail).toContain('still in progress');
    expect(standIn.originPath('store')).toBe('/web/checkout/releases/0.2.0');
    expect(standIn.calls.filter((c) => c === 'GetInvalidation').length).toBeGreaterThan(1);
  });

  it('reads the live version from the origin path', async () => {
    const standIn = await aStandIn();

    expect(await aRouter(standIn).readLive(production)).toBe('0.1.0');
  });

  it('repoints the configured origin among several and leaves the others alone', async () => {
    const standIn = await aStandIn([{ id: 'api', originPath: '/v1' }, { id: 'store', originPath: '/web/checkout/releases/0.1.0' }]);

    await aRouter(standIn, { originId: 'store' }).activate(to('0.2.0'));

    expect(standIn.originPath('store')).toBe('/web/checkout/releases/0.2.0');
    expect(standIn.originPath('api')).toBe('/v1');
  });

  it('refuses to guess between several origins: names them and the option to set, and changes nothing', async () => {
    const standIn = await aStandIn([{ id: 'api', originPath: '/v1' }, { id: 'store', originPath: '/web/checkout/releases/0.1.0' }]);

    const error = await failure(aRouter(standIn).activate(to('0.2.0')));

    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('has 2 origins (api, store)');
    expect(error.message).toContain('"originId"');
    expect(standIn.calls).toEqual(['GetDistributionConfig']);
  });

  it('gives up after the bounded attempts with ROUTER_CONFLICT and does not purge', async () => {
    const standIn = await aStandIn();
    standIn.raceNextWrites(10);

    const error = await failure(aRouter(standIn, { maxAttempts: 2 }).activate(to('0.2.0')));

    expect(error.code).toBe('ROUTER_CONFLICT');
    expect(error.message).toContain(distributionId);
    expect(standIn.originPath('store')).toBe('/web/checkout/releases/0.1.0');
    expect(standIn.invalidations).toEqual([]);
  });
});
