// WatchHandlers that record what a watch delivered, with waits that fail with a readable message
// instead of hanging (the conformance suite's only way to observe watches).
import type { WatchEvent, WatchHandlers } from '../storage.ts';

export class WatchRecorder implements WatchHandlers {
  readonly events: WatchEvent[] = [];
  readonly batches: WatchEvent[][] = [];
  closed = false;
  closeError: Error | undefined;
  closeCount = 0;
  readonly progress: number[] = [];
  private waiters: Array<() => void> = [];

  onEvents(events: WatchEvent[]): void {
    if (this.closed) throw new Error('events after onClose');
    this.batches.push(events);
    this.events.push(...events);
    this.wake();
  }

  onProgress(revision: number): void {
    this.progress.push(revision);
    this.wake();
  }

  onClose(error?: Error): void {
    this.closeCount++;
    this.closed = true;
    this.closeError = error;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Resolves when `condition` holds; rejects after `timeoutMs` with `what` and the events so far. */
  async waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitForEvents(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.events.length >= count || this.closed, `${count} events`, timeoutMs).then(() => {
      if (this.events.length < count) throw new Error(`the watch closed after ${this.describe()}: ${this.closeError?.message ?? 'no error'}`);
    });
  }

  waitForClose(timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.closed, 'the watch to close', timeoutMs);
  }

  /** The events as compact strings ("put a/1@5"), for assertions and messages. */
  summary(): string[] {
    return this.events.map(summarize);
  }

  describe(): string {
    return `${this.events.length} events [${this.summary().join(', ')}]${this.closed ? `, closed (${this.closeError?.message ?? 'no error'})` : ''}`;
  }
}

export function summarize(event: WatchEvent): string {
  return `${event.type} ${event.kv.key}@${event.kv.modRevision}`;
}
