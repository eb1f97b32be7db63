// Errors of the routers: ROUTER_UNAVAILABLE (the CDN API failed or refused us) and
// ROUTER_CONFLICT (IfMatch lost every retry).
import { TagdeployError } from '../errors/tagdeploy-error';

export type RouterErrorCode = 'ROUTER_UNAVAILABLE' | 'ROUTER_CONFLICT' | 'INVALID_CONFIG';

export function routerError(code: RouterErrorCode, message: string): TagdeployError {
  return new TagdeployError(code, message);
}

/** The message of an SDK or network error, with the service's error name when there is one. */
export function describeFailure(error: unknown): string {
  const named = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = named.$metadata?.httpStatusCode ? ` (HTTP ${named.$metadata.httpStatusCode})` : '';
  return `${named.name ?? 'Error'}: ${named.message ?? String(error)}${status}`;
}
