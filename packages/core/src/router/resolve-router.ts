// Builds the Router an environment's config names. CloudFront clients take credentials and region
// from the AWS SDK's default chain, like the S3 store; their modules (and the SDK) load on the
// router's first call, so a command that never activates or reads one does not pay for them.
import type { RouterConfig } from '../env/environments-schema';
import type { Router } from '../env/router-port';
import type { ObjectStore } from '../store/object-store';
import { LocalRouter } from './local-router';

export function resolveRouter(config: RouterConfig, store: ObjectStore): Router {
  switch (config.type) {
    case 'local':
      return new LocalRouter(store);
    case 'cloudfront-kvs':
      return lazyRouter(config.type, async () => new (await import('./cloudfront-kvs-router')).CloudFrontKvsRouter({ kvsArn: config.kvsArn, key: config.key }));
    case 'cloudfront-origin': {
      const options = { distributionId: config.distributionId, originId: config.originId, storePrefix: storePrefixOf(store.url) };
      return lazyRouter(config.type, async () => new (await import('./cloudfront-origin-router')).CloudFrontOriginRouter(options));
    }
  }
}

function lazyRouter(type: string, load: () => Promise<Router>): Router {
  let loaded: Promise<Router> | undefined;
  const router = () => (loaded ??= load());
  return {
    type,
    activate: async (target) => (await router()).activate(target),
    readLive: async (target) => (await router()).readLive(target),
  };
}

/** `s3://bucket/some/prefix` → `some/prefix`: where releases sit inside the origin bucket. */
function storePrefixOf(url: string): string | undefined {
  const match = /^s3:\/\/[^/]+\/(.+?)\/?$/.exec(url);
  return match?.[1];
}
