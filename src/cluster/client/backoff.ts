// Exponential back-off with jitter, for retrying a connection (an informer's list and watch):
// each failure waits longer, up to a cap; reset() after a success starts over.
import type { Clock } from './clock.ts';

export interface BackoffOptions {
  /** The first delay; default 500 ms. */
  initialMs?: number;
  /** The cap; default 30 s. */
  maxMs?: number;
  factor?: number;
  /** Each delay is randomly up to this fraction shorter (0.2: 80–100 % of it), so clients spread out. */
  jitter?: number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private current: number;

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.2;
    this.random = random;
    this.current = this.initialMs;
  }

  /** The delay before the next attempt; the one after will be longer. */
  next(): number {
    const base = Math.min(this.current, this.maxMs);
    this.current = Math.min(this.current * this.factor, this.maxMs);
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  reset(): void {
    this.current = this.initialMs;
  }
}

/** Waits `ms` on `clock`; resolves early (never rejects) when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
