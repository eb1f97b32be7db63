// Builds the Router an environment's config names. CloudFront clients take credentials and region
// from the AWS SDK's default chain, like the S3 store.
import type { RouterConfig } from '../env/environments-schema';
import type { Router } from '../env/router-port';
import type { ObjectStore } from '../store/object-store';
import { CloudFrontKvsRouter } from './cloudfront-kvs-router';
import { CloudFrontOriginRouter } from './cloudfront-origin-router';
import { LocalRouter } from './local-router';

export function resolveRouter(config: RouterConfig, store: ObjectStore): Router {
  switch (config.type) {
    case 'local':
      return new LocalRouter(store);
    case 'cloudfront-kvs':
      return new CloudFrontKvsRouter({ kvsArn: config.kvsArn, key: config.key });
    case 'cloudfront-origin':
      return new CloudFrontOriginRouter({ distributionId: config.distributionId, originId: config.originId, storePrefix: storePrefixOf(store.url) });
  }
}

/** `s3://bucket/some/prefix` → `some/prefix`: where releases sit inside the origin bucket. */
function storePrefixOf(url: string): string | undefined {
  const match = /^s3:\/\/[^/]+\/(.+?)\/?$/.exec(url);
  return match?.[1];
}
