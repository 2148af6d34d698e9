// client-go's rate-limited work queue. Controllers' event handlers add keys ("namespace/name");
// workers take one with get(), sync it, and call done(). Its guarantees:
//   - a key is queued at most once however often it is added (dedupe);
//   - a key being processed is never handed to a second worker: added meanwhile, it is marked
//     dirty and queued again when done() is called for it;
//   - addAfter delays a key (the earliest of several delays wins); addRateLimited delays it by
//     the rate limiter's per-key back-off (5 ms doubling to 1000 s by default), which forget()
//     resets once the key syncs cleanly;
//   - after shutDown() new keys are ignored, pending delays are dropped, get() still hands out
//     what is queued (as client-go does) and then resolves undefined, which tells workers to exit.
import { type Clock, realClock, type TimerHandle } from './clock.ts';
import { ItemExponentialRateLimiter, type RateLimiter } from './rate-limiter.ts';

export interface WorkQueueOptions {
  rateLimiter?: RateLimiter;
  clock?: Clock;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  /** Keys that need processing: queued, or re-added while being processed. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly delayed = new Map<string, { at: number; timer: TimerHandle }>();
  private readonly drainWaiters: (() => void)[] = [];
  private readonly rateLimiter: RateLimiter;
  private readonly clock: Clock;
  private shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.rateLimiter = options.rateLimiter ?? new ItemExponentialRateLimiter();
    this.clock = options.clock ?? realClock;
  }

  /** Queues `key` unless it is queued already (or, being processed, marks it to be queued after done()). */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  /** Adds `key` once `ms` have passed; of several delays for one key, the earliest wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const waiting = this.delayed.get(key);
    if (waiting) {
      if (waiting.at <= at) return;
      this.clock.clearTimeout(waiting.timer);
    }
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, timer });
  }

  /** Adds `key` after its back-off: the next step of the rate limiter for it. */
  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** The key synced cleanly: its back-off starts over. (It does not unqueue the key.) */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  /** How many times `key` has been rate-limited since it was last forgotten. */
  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * The next key to process, waiting for one if none is queued; undefined once the queue is
   * shut down and empty. Every key handed out must be given back with done(key).
   */
  get(): Promise<string | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Processing of `key` finished; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    if (!this.processing.delete(key)) return;
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.dispatch();
    }
    this.checkDrained();
  }

  /** Keys queued (not those being processed or waiting out a delay). */
  len(): number {
    return this.queue.length;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Ignores new keys from now on; workers get what is queued, then undefined. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) this.clock.clearTimeout(timer);
    this.delayed.clear();
    if (this.queue.length === 0) for (const waiter of this.waiters.splice(0)) waiter(undefined);
    this.checkDrained();
  }

  /** shutDown(), then waits until every queued key has been handed out and done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.drained()) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private take(): string {
    const key = this.queue.shift()!;
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  private dispatch(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) this.waiters.shift()!(this.take());
  }

  private drained(): boolean {
    return this.queue.length === 0 && this.processing.size === 0;
  }

  private checkDrained(): void {
    if (!this.shuttingDown) return;
    if (this.queue.length === 0) for (const waiter of this.waiters.splice(0)) waiter(undefined);
    if (this.drained()) for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}
