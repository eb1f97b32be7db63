// Decides, request by request, which fault (if any) the S3 test proxy injects.
import { seededRandom } from '../support/seeded-random';

export interface FaultOptions {
  /** Share (0..1) of requests answered 503 SlowDown / 500 InternalError, alternately. */
  errorRate?: number;
  /** Share (0..1) of requests whose socket is destroyed before any response. */
  resetRate?: number;
  /** Delay added before each request is handled. */
  latencyMs?: number;
  /** Seed for a deterministic PRNG; without it, Math.random. */
  seed?: number;
}

export type Fault = { kind: 'none' } | { kind: 'reset' } | { kind: 'error'; status: 500 | 503 };

export class FaultInjector {
  private options: Required<Omit<FaultOptions, 'seed'>> = { errorRate: 0, resetRate: 0, latencyMs: 0 };
  private random: () => number = Math.random;
  private errorsInjected = 0;

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replaces every setting: a field left out falls back to 0 (no fault). */
  set(options: FaultOptions): void {
    this.options = {
      errorRate: checkRate('errorRate', options.errorRate ?? 0),
      resetRate: checkRate('resetRate', options.resetRate ?? 0),
      latencyMs: Math.max(0, options.latencyMs ?? 0),
    };
    this.random = options.seed === undefined ? Math.random : seededRandom(options.seed);
    this.errorsInjected = 0;
  }

  get latencyMs(): number {
    return this.options.latencyMs;
  }

  next(): Fault {
    // Two draws every time, so that one rate does not shift the other's sequence for a seed.
    const resetDraw = this.random();
    const errorDraw = this.random();
    if (resetDraw < this.options.resetRate) return { kind: 'reset' };
    if (errorDraw < this.options.errorRate) {
      const status = this.errorsInjected++ % 2 === 0 ? 503 : 500;
      return { kind: 'error', status };
    }
    return { kind: 'none' };
  }
}

function checkRate(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
  return value;
}
