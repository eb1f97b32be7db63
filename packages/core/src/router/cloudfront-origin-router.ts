// The `cloudfront-origin` router: points a distribution's origin at the release folder
// (OriginPath), then invalidates the cache. Slower than cloudfront-kvs (a distribution update
// plus a purge), but needs no function. A purge that outlasts the wait is reported as
// "switched, cache purge pending", never as a failed deploy: the switch itself is done.
//
// Client decision: the official SDK, @aws-sdk/client-cloudfront (plain SigV4, REST-XML). It
// round-trips the whole DistributionConfig untouched, which a hand-written XML client would get wrong.
import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetDistributionConfigCommand,
  GetInvalidationCommand,
  UpdateDistributionCommand,
  type CloudFrontClientConfig,
  type DistributionConfig,
  type Origin,
} from '@aws-sdk/client-cloudfront';
import type { Router } from '../env/router-port';
import { pauseBeforeRetry } from './pause-before-retry';
import { describeFailure, routerError } from './router-error';
import { trimSlashes, versionOfReleasePrefix } from './release-version';

export interface CloudFrontOriginRouterOptions {
  distributionId: string;
  /** The origin to repoint; may be omitted when the distribution has exactly one. */
  originId?: string;
  /** The store's key prefix inside its bucket (`s3://bucket/prefix` → `prefix`). Default none. */
  storePrefix?: string;
  /** How long to wait for the invalidation before reporting it pending. Default 5 minutes. */
  purgeTimeoutMs?: number;
  /** Between invalidation status checks. Default 10 s. */
  purgePollMs?: number;
  /** IfMatch retries when another writer updated the distribution first. Default 5. */
  maxAttempts?: number;
  clientConfig?: CloudFrontClientConfig;
}

type ActivateTarget = Parameters<Router['activate']>[0];
type ActivateResult = Awaited<ReturnType<Router['activate']>>;
type LiveTarget = Parameters<Router['readLive']>[0];

export class CloudFrontOriginRouter implements Router {
  readonly type = 'cloudfront-origin';
  private readonly client: CloudFrontClient;

  constructor(private readonly options: CloudFrontOriginRouterOptions) {
    this.client = new CloudFrontClient({ region: 'us-east-1', ...options.clientConfig });
  }

  async activate(target: ActivateTarget): Promise<ActivateResult> {
    const originPath = `/${[trimSlashes(this.options.storePrefix ?? ''), trimSlashes(target.releasePrefix)].filter(Boolean).join('/')}`;
    await this.updateOriginPath(target, originPath);
    const id = this.options.distributionId;
    let invalidationId: string;
    try {
      const created = await this.client.send(new CreateInvalidationCommand({
        DistributionId: id,
        InvalidationBatch: { CallerReference: `tagdeploy-${target.product}-${target.env}-${target.version}-${Date.now()}`, Paths: { Quantity: 1, Items: ['/*'] } },
      }));
      invalidationId = created.Invalidation?.Id ?? '';
    } catch (error) {
      return { status: 'switched-purge-pending', detail: `origin path ${originPath} set, but the cache purge could not be started (${describeFailure(error)}): run "aws cloudfront create-invalidation --distribution-id ${id} --paths '/*'"` };
    }
    const done = await this.waitForInvalidation(invalidationId);
    const what = `distribution ${id} origin path ${originPath}`;
    return done
      ? { status: 'switched', detail: `${what}; cache purged (invalidation ${invalidationId})` }
      : { status: 'switched-purge-pending', detail: `${what}; invalidation ${invalidationId} still in progress after ${Math.round(this.purgeTimeoutMs / 1000)} s: CloudFront finishes it on its own, cached copies of the previous release are served until then` };
  }

  async readLive(_target: LiveTarget): Promise<string | null> {
    const { config } = await this.readConfig();
    const path = this.originOf(config).OriginPath ?? '';
    return path === '' ? null : versionOfReleasePrefix(path);
  }

  private get purgeTimeoutMs(): number {
    return this.options.purgeTimeoutMs ?? 300_000;
  }

  /** Get, edit, put with IfMatch; re-read and retry when someone else updated the distribution first. */
  private async updateOriginPath(target: ActivateTarget, originPath: string): Promise<void> {
    const attempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const { config, etag } = await this.readConfig();
      const origin = this.originOf(config);
      if (origin.OriginPath === originPath) return;
      origin.OriginPath = originPath;
      try {
        await this.client.send(new UpdateDistributionCommand({ Id: this.options.distributionId, IfMatch: etag, DistributionConfig: config }));
        return;
      } catch (error) {
        if ((error as Error).name !== 'PreconditionFailed') throw this.unavailable('update', error);
        await pauseBeforeRetry(attempt);
      }
    }
    throw routerError(
      'ROUTER_CONFLICT',
      `Could not switch ${target.product} ${target.env} to ${target.version}: CloudFront distribution ${this.options.distributionId} was updated by someone else ${attempts} times in a row. Retry the deploy; the origin path was not changed.`,
    );
  }

  private async readConfig(): Promise<{ config: DistributionConfig; etag: string }> {
    try {
      const { DistributionConfig: config, ETag } = await this.client.send(new GetDistributionConfigCommand({ Id: this.options.distributionId }));
      if (!config || !ETag) throw new Error('the response had no DistributionConfig or ETag');
      return { config, etag: ETag };
    } catch (error) {
      throw this.unavailable('read', error);
    }
  }

  private originOf(config: DistributionConfig): Origin {
    const origins = config.Origins?.Items ?? [];
    const wanted = this.options.originId;
    const origin = wanted === undefined ? (origins.length === 1 ? origins[0] : undefined) : origins.find((o) => o.Id === wanted);
    if (origin) return origin;
    const ids = origins.map((o) => o.Id).join(', ') || 'none';
    throw routerError(
      'INVALID_CONFIG',
      wanted === undefined
        ? `CloudFront distribution ${this.options.distributionId} has ${origins.length} origins (${ids}): set "originId" in the env's router config to the one that serves the store.`
        : `CloudFront distribution ${this.options.distributionId} has no origin "${wanted}". Its origins: ${ids}. Fix "originId" in the env's router config.`,
    );
  }

  /** True when the invalidation completed within the timeout; false when it is still running. */
  private async waitForInvalidation(invalidationId: string): Promise<boolean> {
    const deadline = Date.now() + this.purgeTimeoutMs;
    const poll = this.options.purgePollMs ?? 10_000;
    for (;;) {
      try {
        const { Invalidation } = await this.client.send(new GetInvalidationCommand({ DistributionId: this.options.distributionId, Id: invalidationId }));
        if (Invalidation?.Status === 'Completed') return true;
      } catch {
        // A failed status check says nothing about the purge: keep waiting until the deadline.
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(poll, left)));
    }
  }

  private unavailable(action: 'read' | 'update', error: unknown) {
    return routerError(
      'ROUTER_UNAVAILABLE',
      `Could not ${action} CloudFront distribution ${this.options.distributionId}: ${describeFailure(error)}. Check the distribution id in the env's router config and that your AWS credentials may cloudfront:GetDistributionConfig, UpdateDistribution, CreateInvalidation and GetInvalidation on it.`,
    );
  }
}
