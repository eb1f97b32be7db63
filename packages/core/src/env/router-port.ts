// The Router port: what makes an env pointer take effect for users. Adapters: local (the
// serve-release server reads the pointer per request, so activate only reports), cloudfront-kvs,
// cloudfront-origin. StoreEnvBackend.apply() activates after the pointer write (applyDeployment).

export interface RouterTarget {
  product: string;
  env: string;
  version: string;
  /** Key prefix of the release in the store, e.g. "checkout/releases/0.2.0/". */
  releasePrefix: string;
}

export interface RouterActivation {
  /** 'switched-purge-pending': live, but a cache purge (invalidation) had not finished in time. */
  status: 'switched' | 'switched-purge-pending';
  detail?: string;
}

export interface Router {
  readonly type: string;
  /** Makes `version` live for the env. Idempotent: activating what is already live succeeds. */
  activate(target: RouterTarget): Promise<RouterActivation>;
  /** The version the router serves now for the env (null: none), to detect drift from the pointer. */
  readLive(target: { product: string; env: string }): Promise<string | null>;
}
