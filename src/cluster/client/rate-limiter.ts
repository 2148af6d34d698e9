// How long a key waits before it is retried (client-go's workqueue rate limiters).

export interface RateLimiter {
  /** The delay before `key` is handed out again; counts one more failure of it. */
  when(key: string): number;
  /** Stops tracking `key`: its next failure starts from the base delay again. */
  forget(key: string): void;
  /** How many times `key` has been delayed since it was last forgotten. */
  numRequeues(key: string): number;
}

/**
 * Per-key exponential back-off, as client-go's ItemExponentialFailureRateLimiter: base × 2^n
 * for the n-th failure (counting from 0), capped at max. client-go's default item limiter is
 * 5 ms doubling up to 1000 s.
 */
export class ItemExponentialRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();
  readonly baseMs: number;
  readonly maxMs: number;

  constructor(baseMs = 5, maxMs = 1_000_000) {
    if (!(baseMs > 0) || !(maxMs >= baseMs)) throw new RangeError(`invalid back-off: base ${baseMs} ms, max ${maxMs} ms`);
    this.baseMs = baseMs;
    this.maxMs = maxMs;
  }

  when(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    // 2^1024 is Infinity: the cap still holds however often a key fails.
    return Math.min(this.baseMs * 2 ** failures, this.maxMs);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}
