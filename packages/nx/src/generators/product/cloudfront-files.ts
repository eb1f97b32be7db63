// A static product served through the CloudFront KVS router gets, per such environment, the
// viewer-request CloudFront Function (its key filled in) and a short note of the AWS resources.
import { renderViewerRequestFunction, type PluginOptions } from '@tagdeploy/core';
import type { NewFile } from '../shared/write-new-files';

export function cloudfrontFiles(product: string, root: string, options: PluginOptions): NewFile[] {
  const kvsEnvs = Object.entries(options.environments).flatMap(([env, config]) =>
    config.router.type === 'cloudfront-kvs' ? [{ env, kvsArn: config.router.kvsArn, key: config.router.key ?? `${product}/${env}` }] : [],
  );
  if (kvsEnvs.length === 0) return [];
  const store = typeof options.store === 'string' ? options.store : options.store.url;
  return [
    ...kvsEnvs.map(({ env, key }) => ({ path: `${root}/cloudfront/viewer-request.${env}.js`, content: renderViewerRequestFunction(key) })),
    { path: `${root}/cloudfront/README.md`, content: awsNote(product, store, kvsEnvs) },
  ];
}

function awsNote(product: string, store: string, envs: { env: string; kvsArn: string; key: string }[]): string {
  const rows = envs.map(({ env, kvsArn, key }) => `| ${env} | \`viewer-request.${env}.js\` | \`${kvsArn}\` | \`${key}\` |`).join('\n');
  return `# ${product} on CloudFront (KeyValueStore router)

Deploying, promoting and rolling back ${product} write one key in a CloudFront KeyValueStore; the
viewer-request function beside this note reads it on every request and serves that release's
folder from the store. No invalidation, no rebuild.

| env | function | KeyValueStore | key |
|---|---|---|---|
${rows}

AWS resources each environment needs (create them with your infrastructure tool):

1. **Origin**: the S3 bucket of the store (\`${store}\`), reached through an Origin Access Control;
   the distribution's origin path is the store's prefix (the function rewrites to
   \`/${product}/releases/<version>/...\` under it).
2. **KeyValueStore**: the ARN above. tagdeploy writes the key with \`PutKey\` (conditional on its ETag).
3. **CloudFront Function**: the file above, runtime \`cloudfront-js-2.0\`, with the KeyValueStore
   associated, published and attached to the distribution's default behaviour as \`viewer-request\`.
4. **Distribution**: one per environment; a cache policy that honours the origin's \`Cache-Control\`
   (hashed assets are immutable, \`index.html\` is revalidated).
5. **Permissions** of whoever deploys (CI role): \`cloudfront-keyvaluestore:DescribeKeyValueStore\`,
   \`GetKey\` and \`PutKey\` on the KeyValueStore; \`s3:GetObject\`, \`s3:PutObject\` and \`s3:ListBucket\`
   on the store's prefix. Credentials come from the AWS SDK's default chain, never from config.

These files are generated once and never overwritten: edit them freely, or delete one and run the
product generator again to get it back.
`;
}
