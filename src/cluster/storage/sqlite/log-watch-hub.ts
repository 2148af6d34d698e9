// Watches on the log: one loop per store object reads the rows after the last revision it saw
// and fans them out by prefix, as kine does. Local writes wake it at once; a periodic poll sees
// writes of other processes (or other store objects) on the same file.
//
// A new watch first catches up on its own, replaying the log from its revision to the loop's in
// batches (yielding between them so a long replay does not block the event loop); only then
// does the loop deliver to it. Each watch keeps a cursor (the last revision it has examined), so
// an event is delivered once: by the replay if at or below the loop's revision, else by the loop.
import { messageOf, unavailable, internal } from '../../../util/errors.ts';
import type { Watch, WatchEvent, WatchHandlers } from '../storage.ts';
import { compacted as compactedError } from '../storage-errors.ts';
import { eventOf, type LogRow, type LogStore, prefixRange, type KeyRange } from './log-store.ts';

const batchSize = 500;

interface Subscriber {
  prefix: string;
  range: KeyRange;
  /** The last revision examined for this watch: every event at or below it was delivered. */
  cursor: number;
  /** Caught up with the loop, which now delivers to it. */
  live: boolean;
  /** The highest revision the watch was told about, by an event or a progress notification. */
  reported: number;
  closed: boolean;
  handlers: WatchHandlers;
}

export class LogWatchHub {
  private readonly log: LogStore;
  private readonly pollIntervalMs: number;
  private readonly subscribers = new Set<Subscriber>();
  /** The revision the loop has read up to (valid while the loop runs). */
  private loopRevision = 0;
  private timer: NodeJS.Timeout | undefined;
  private pollScheduled = false;

  constructor(log: LogStore, pollIntervalMs: number) {
    this.log = log;
    this.pollIntervalMs = pollIntervalMs;
  }

  watch(prefix: string, afterRevision: number, handlers: WatchHandlers): Watch {
    const subscriber: Subscriber = { prefix, range: prefixRange(prefix), cursor: afterRevision, live: false, reported: afterRevision, closed: false, handlers };
    this.subscribers.add(subscriber);
    try {
      if (this.timer === undefined) this.startLoop();
      setImmediate(() => this.catchUp(subscriber));
    } catch (err) {
      setImmediate(() => this.end(subscriber, unavailable(`cluster store read failed: ${messageOf(err)}`, err)));
    }
    return { cancel: () => this.end(subscriber) };
  }

  /** A local write committed: deliver it now rather than at the next tick. */
  notify(): void {
    if (this.timer === undefined || this.pollScheduled) return;
    this.pollScheduled = true;
    setImmediate(() => {
      this.pollScheduled = false;
      if (this.poll()) this.notify();
    });
  }

  /** Delivers what is written but not yet delivered (before a local compaction removes it). */
  flush(): void {
    while (this.poll()) {
      // another batch
    }
  }

  /** Ends every watch without an error (the store is closing). */
  closeAll(): void {
    for (const subscriber of this.subscribers) this.end(subscriber);
  }

  private startLoop(): void {
    this.loopRevision = this.log.currentRevision();
    this.timer = setInterval(() => {
      if (this.poll()) this.notify();
      else this.reportProgress();
    }, this.pollIntervalMs);
  }

  private stopLoopIfIdle(): void {
    if (this.subscribers.size > 0 || this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private end(subscriber: Subscriber, error?: Error): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    this.subscribers.delete(subscriber);
    this.stopLoopIfIdle();
    subscriber.handlers.onClose(error);
  }

  private deliver(subscriber: Subscriber, rows: LogRow[]): void {
    const events: WatchEvent[] = [];
    for (const row of rows) {
      if (row.id > subscriber.cursor && row.name.startsWith(subscriber.prefix)) events.push(eventOf(row));
    }
    if (events.length === 0) return;
    subscriber.reported = events[events.length - 1]!.kv.modRevision;
    try {
      subscriber.handlers.onEvents(events);
    } catch (err) {
      // A throwing handler is the caller's bug; end its watch rather than the loop everyone shares.
      this.end(subscriber, internal(`watch handler failed: ${messageOf(err)}`, err));
    }
  }

  /**
   * On each tick, tells the live watches that saw no event up to the loop's revision that they
   * are current to it (etcd's progress notify, at most once per poll interval): a watch of a
   * quiet prefix still learns how far the store has moved.
   */
  private reportProgress(): void {
    for (const subscriber of this.subscribers) {
      if (!subscriber.live || subscriber.reported >= this.loopRevision || !subscriber.handlers.onProgress) continue;
      subscriber.reported = this.loopRevision;
      try {
        subscriber.handlers.onProgress(this.loopRevision);
      } catch (err) {
        this.end(subscriber, internal(`watch handler failed: ${messageOf(err)}`, err));
      }
    }
  }

  /** Replays the log from the watch's cursor to the loop's revision, one batch per turn. */
  private catchUp(subscriber: Subscriber): void {
    if (subscriber.closed) return;
    let rows: LogRow[];
    const target = this.loopRevision;
    try {
      const compacted = this.log.transaction('read', () => {
        const compacted = this.log.compactedRevision();
        rows = subscriber.cursor < compacted ? [] : this.log.rowsAfter(subscriber.range, subscriber.cursor, target, batchSize);
        return compacted;
      });
      if (subscriber.cursor < compacted) return this.end(subscriber, compactedError(subscriber.cursor, compacted));
    } catch (err) {
      return this.end(subscriber, unavailable(`cluster store read failed: ${messageOf(err)}`, err));
    }
    const full = rows!.length === batchSize;
    this.deliver(subscriber, rows!);
    if (subscriber.closed) return;
    if (full) {
      subscriber.cursor = rows![rows!.length - 1]!.id;
      setImmediate(() => this.catchUp(subscriber));
    } else {
      subscriber.cursor = Math.max(subscriber.cursor, target);
      subscriber.live = true;
    }
  }

  /**
   * Reads what was written since the loop's revision and hands it to the live watches. Returns
   * whether a full batch was read (more may follow).
   */
  private poll(): boolean {
    if (this.timer === undefined) return false;
    let rows: LogRow[];
    let compacted: number;
    try {
      [rows, compacted] = this.log.transaction('read', () => [this.log.allRowsAfter(this.loopRevision, batchSize), this.log.compactedRevision()] as const);
    } catch (err) {
      const error = unavailable(`cluster store read failed: ${messageOf(err)}`, err);
      for (const subscriber of this.subscribers) this.end(subscriber, error);
      return false;
    }
    if (compacted > this.loopRevision) {
      // Another process compacted history this loop had not read yet: those watches lost events.
      for (const subscriber of this.subscribers) {
        if (subscriber.live && subscriber.cursor < compacted) this.end(subscriber, compactedError(subscriber.cursor, compacted));
      }
      // The watches left start at or above the compacted revision.
      this.loopRevision = compacted;
    }
    if (rows.length === 0) return false;
    const last = rows[rows.length - 1]!.id;
    for (const subscriber of this.subscribers) {
      if (!subscriber.live) continue;
      this.deliver(subscriber, rows);
      subscriber.cursor = Math.max(subscriber.cursor, last);
    }
    this.loopRevision = Math.max(this.loopRevision, last);
    return rows.length === batchSize;
  }
}
