// The S3 client's retry strategy: exponential backoff with full jitter on 5xx, throttling,
// connection resets and timeouts (the SDK classifies the error, we decide). Unlike the SDK's
// standard strategy it has no retry quota: a publish of thousands of files through a throttling
// S3 must slow down, not start failing once 100 retries have been spent.

/** What the SDK's retry middleware hands us (a structural copy of @smithy/types' RetryErrorInfo). */
export interface RetryErrorInfo {
  error?: unknown;
  errorType: 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  retryAfterHint?: Date;
}

export interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface S3RetryOptions {
  maxAttempts: number;
  /** First backoff ceiling; doubles per retry up to maxDelayMs. */
  baseDelayMs?: number;
  /** First backoff ceiling after a throttling answer (SlowDown, 503, 429). */
  throttlingBaseDelayMs?: number;
  maxDelayMs?: number;
  /** A refused connection is retried this often at most: a server restarting, not a wrong endpoint. */
  maxRefusedRetries?: number;
  random?: () => number;
}

const token = (count: number, delay: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delay });

export class S3RetryStrategy {
  readonly mode = 'standard';
  private readonly options: Required<S3RetryOptions>;

  constructor(options: S3RetryOptions) {
    this.options = { baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 10_000, maxRefusedRetries: 2, random: Math.random, ...options };
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retry = previous.getRetryCount() + 1;
    if (retry >= this.options.maxAttempts || !isRetryable(info)) throw info.error;
    if (networkCodeOf(info.error) === 'ECONNREFUSED' && retry > this.options.maxRefusedRetries) throw info.error;
    const base = info.errorType === 'THROTTLING' ? this.options.throttlingBaseDelayMs : this.options.baseDelayMs;
    const ceiling = Math.min(this.options.maxDelayMs, base * 2 ** (retry - 1));
    const hinted = info.retryAfterHint ? Math.min(this.options.maxDelayMs, info.retryAfterHint.getTime() - Date.now()) : 0;
    return token(retry, Math.max(hinted, Math.floor(this.options.random() * ceiling)));
  }

  recordSuccess(): void {}
}

function isRetryable(info: RetryErrorInfo): boolean {
  if (info.errorType !== 'CLIENT_ERROR') return true;
  // S3 answers 409 ConditionalRequestConflict while another conditional write of the key is in
  // flight, and asks the client to retry.
  return (info.error as { name?: string } | undefined)?.name === 'ConditionalRequestConflict';
}

/** The Node network error code of an error or of what caused it (ECONNREFUSED, ECONNRESET, ...). */
export function networkCodeOf(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  if (Array.isArray(errors)) for (const inner of errors) { const found = networkCodeOf(inner, depth + 1); if (found) return found; }
  return networkCodeOf(cause, depth + 1);
}
