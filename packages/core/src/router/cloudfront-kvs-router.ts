// The `cloudfront-kvs` router: one PutKey in a CloudFront KeyValueStore switches an env; the
// viewer-request function (cloudfront-function/viewer-request.js) reads the key on every request,
// so no invalidation is needed.
//
// Client decision: the official SDK, @aws-sdk/client-cloudfront-keyvaluestore. Its endpoint is
// global and signed with SigV4A; @aws-sdk/signature-v4a is the pure-JS SigV4A signer (no native
// aws-crt build), registered by importing it once below. A hand-written signed HTTPS client would
// have to reimplement SigV4A (ECDSA key derivation) for four calls: not worth owning.
import '@aws-sdk/signature-v4a';
import {
  CloudFrontKeyValueStoreClient,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  PutKeyCommand,
  type CloudFrontKeyValueStoreClientConfig,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import type { Router } from '../env/router-port';
import { pauseBeforeRetry } from './pause-before-retry';
import { describeFailure, routerError } from './router-error';
import { trimSlashes, versionOfReleasePrefix } from './release-version';

export interface CloudFrontKvsRouterOptions {
  kvsArn: string;
  /** The key of an env; `{product}` and `{env}` are filled in. Default `{product}/{env}`. */
  key?: string;
  /** How many times to re-describe and retry when another writer changed the store first. Default 5. */
  maxAttempts?: number;
  /** SDK client settings (region, credentials, endpoint). Credentials default to AWS's chain. */
  clientConfig?: CloudFrontKeyValueStoreClientConfig;
}

type ActivateTarget = Parameters<Router['activate']>[0];
type LiveTarget = Parameters<Router['readLive']>[0];

export class CloudFrontKvsRouter implements Router {
  readonly type = 'cloudfront-kvs';
  private readonly client: CloudFrontKeyValueStoreClient;
  private readonly maxAttempts: number;

  constructor(private readonly options: CloudFrontKvsRouterOptions) {
    this.client = new CloudFrontKeyValueStoreClient({ region: 'us-east-1', ...options.clientConfig });
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  async activate(target: ActivateTarget): Promise<{ status: 'switched'; detail: string }> {
    const key = this.keyOf(target);
    const value = trimSlashes(target.releasePrefix);
    // The ETag belongs to the whole store: any env's deploy moves it, hence the retries.
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const etag = await this.call('read', key, () => this.client.send(new DescribeKeyValueStoreCommand({ KvsARN: this.options.kvsArn }))).then((r) => r.ETag);
      try {
        await this.client.send(new PutKeyCommand({ KvsARN: this.options.kvsArn, Key: key, Value: value, IfMatch: etag }));
        return { status: 'switched', detail: `key ${key} = ${value} in ${this.options.kvsArn}` };
      } catch (error) {
        if ((error as Error).name !== 'ConflictException') throw this.unavailable('write', key, error);
        await pauseBeforeRetry(attempt);
      }
    }
    throw routerError(
      'ROUTER_CONFLICT',
      `Could not switch ${target.product} ${target.env} to ${target.version}: the key value store ${this.options.kvsArn} changed under us ${this.maxAttempts} times in a row (other deploys are writing it). Retry the deploy; nothing was switched.`,
    );
  }

  async readLive(target: LiveTarget): Promise<string | null> {
    const key = this.keyOf(target);
    try {
      const { Value } = await this.client.send(new GetKeyCommand({ KvsARN: this.options.kvsArn, Key: key }));
      return Value === undefined ? null : versionOfReleasePrefix(Value);
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return null;
      throw this.unavailable('read', key, error);
    }
  }

  private keyOf(target: LiveTarget): string {
    return (this.options.key ?? '{product}/{env}').replaceAll('{product}', target.product).replaceAll('{env}', target.env);
  }

  private async call<T>(action: 'read' | 'write', key: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw this.unavailable(action, key, error);
    }
  }

  private unavailable(action: 'read' | 'write', key: string, error: unknown) {
    return routerError(
      'ROUTER_UNAVAILABLE',
      `Could not ${action} key ${key} of CloudFront key value store ${this.options.kvsArn}: ${describeFailure(error)}. Check the ARN in the env's router config and that your AWS credentials may ${action === 'read' ? 'cloudfront-keyvaluestore:DescribeKeyValueStore and GetKey' : 'DescribeKeyValueStore and PutKey'} on it.`,
    );
  }
}
