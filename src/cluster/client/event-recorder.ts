// Events about objects (core/v1 Events, in the object's namespace), as client-go's recorder
// writes them for the scheduler, the controllers and the node agent: reportingComponent/source
// the component's name (and the node, for the agent), reportingInstance "<name>-<host>", an
// action, eventTime and first/lastTimestamp, count. Recording never fails or blocks the caller.
//
// Not spammy, as client-go's broadcaster and correlator are not:
//   - writes go out in the background, a few at a time; at most maxQueued (1000, client-go's
//     maxQueuedEvents) wait — beyond that new events are dropped (and counted), never blocking
//     scheduling;
//   - the same event again (same pod uid, type, reason, action and message) within
//     seriesWindowMs (6 min, as events.k8s.io series) is not a new Event: its count (and
//     series) goes up, and the existing Event is patched — at most once per
//     repeatIntervalMs for a given event, carrying the latest count.
import { hostname } from 'node:os';
import type { Event, ObjectReference } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../util/log.ts';
import { type Clock, realClock, type TimerHandle } from './clock.ts';
import type { ResourceClient } from './resource-client.ts';
import { kubeTime } from '../api/kube-time.ts';

export interface EventRecorderOptions {
  events: ResourceClient<Event>;
  component: string;
  /** source.host (the agent's node name). */
  host?: string;
  log: Pick<Logger, 'debug' | 'warn'>;
  clock?: Clock;
  /** Wall-clock time for the timestamps written; default Date.now. */
  wallClock?: () => number;
  maxQueued?: number;
  concurrency?: number;
  seriesWindowMs?: number;
  repeatIntervalMs?: number;
  /** Remembered events (oldest forgotten first); default 4096, as client-go's LRU. */
  maxCached?: number;
}

export interface EventCounts {
  created: number;
  patched: number;
  dropped: number;
  failed: number;
}

interface Cached {
  name: string;
  namespace: string;
  count: number;
  /** count last written (0: the create is still pending). */
  written: number;
  lastSeen: number;
  lastWrite: number;
  timer: TimerHandle | undefined;
}

type Job = () => Promise<void>;

const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const time = (ms: number) => kubeTime(ms);

export class EventRecorder {
  readonly counts: EventCounts = { created: 0, patched: 0, dropped: 0, failed: 0 };
  private readonly options: Required<Omit<EventRecorderOptions, 'clock' | 'wallClock' | 'host'>> & Pick<EventRecorderOptions, 'host'>;
  private readonly clock: Clock;
  private readonly wallClock: () => number;
  private readonly instance: string;
  private readonly cache = new Map<string, Cached>();
  private readonly queue: Job[] = [];
  private running = 0;
  private sequence = 0;
  private drainWaiters: (() => void)[] = [];
  private closed = false;

  constructor(options: EventRecorderOptions) {
    this.options = { maxQueued: 1000, concurrency: 2, seriesWindowMs: 6 * 60_000, repeatIntervalMs: 30_000, maxCached: 4096, ...options };
    this.clock = options.clock ?? realClock;
    this.wallClock = options.wallClock ?? Date.now;
    this.instance = `${options.component}-${hostname()}`.slice(0, 128);
  }

  /** Nothing queued or being written. */
  get idle(): boolean {
    return this.queue.length === 0 && this.running === 0;
  }

  /** Records an event about the object `involved` refers to (in the background). */
  record(involved: ObjectReference, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void {
    if (this.closed) return;
    const namespace = involved.namespace || 'default';
    const podName = involved.name ?? '';
    const key = [namespace, involved.kind ?? '', podName, involved.uid ?? '', involved.fieldPath ?? '', type, reason, action, message].join('\x00');
    const now = this.clock.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.lastSeen <= this.options.seriesWindowMs) {
      cached.count++;
      cached.lastSeen = now;
      this.cache.delete(key); // most recently used last
      this.cache.set(key, cached);
      this.schedulePatch(cached);
      return;
    }
    if (cached?.timer !== undefined) this.clock.clearTimeout(cached.timer);
    const wall = this.wallClock();
    const name = `${podName}.${(BigInt(wall) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(16)}`;
    const entry: Cached = { name, namespace, count: 1, written: 0, lastSeen: now, lastWrite: now, timer: undefined };
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.options.maxCached) {
      const oldest = this.cache.keys().next().value!;
      const old = this.cache.get(oldest)!;
      if (old.timer !== undefined) this.clock.clearTimeout(old.timer);
      this.cache.delete(oldest);
    }
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { ...involved, namespace: involved.namespace ?? namespace },
      type,
      reason,
      action,
      message,
      source: { component: this.options.component, ...(this.options.host ? { host: this.options.host } : {}) },
      reportingComponent: this.options.component,
      reportingInstance: this.instance,
      eventTime: microTime(wall),
      firstTimestamp: time(wall),
      lastTimestamp: time(wall),
      count: 1,
    };
    this.enqueue(async () => {
      await this.options.events.create(namespace, event);
      this.counts.created++;
      entry.written = 1;
      entry.lastWrite = this.clock.now();
      if (entry.count > entry.written) this.schedulePatch(entry);
    });
  }

  /** Waits until everything queued is written (or dropped after `ms`), then drops the rest. */
  async close(ms = 5000): Promise<void> {
    this.closed = true;
    for (const entry of this.cache.values()) if (entry.timer !== undefined) this.clock.clearTimeout(entry.timer);
    if (!this.idle) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise<void>((resolve) => this.drainWaiters.push(resolve)), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    }
    this.counts.dropped += this.queue.splice(0).length;
  }

  private schedulePatch(entry: Cached): void {
    if (entry.written === 0 || entry.timer !== undefined || this.closed) return;
    const wait = entry.lastWrite + this.options.repeatIntervalMs - this.clock.now();
    const write = () => {
      entry.timer = undefined;
      const count = entry.count;
      const wall = this.wallClock();
      entry.lastWrite = this.clock.now();
      this.enqueue(async () => {
        await this.options.events.patch(entry.namespace, entry.name, 'merge', {
          count,
          lastTimestamp: time(wall),
          series: { count, lastObservedTime: microTime(wall) },
        });
        this.counts.patched++;
        entry.written = Math.max(entry.written, count);
      });
    };
    if (wait <= 0) write();
    else entry.timer = this.clock.setTimeout(write, wait);
  }

  private enqueue(job: Job): void {
    if (this.queue.length >= this.options.maxQueued) {
      this.counts.dropped++;
      if (this.counts.dropped === 1 || this.counts.dropped % 1000 === 0) this.options.log.warn({ dropped: this.counts.dropped }, 'too many events waiting to be written: dropping events');
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      job()
        .catch((err: unknown) => {
          this.counts.failed++;
          this.options.log.debug({ err }, 'writing an event failed');
        })
        .finally(() => {
          this.running--;
          this.pump();
          if (this.idle) for (const wake of this.drainWaiters.splice(0)) wake();
        });
    }
  }
}

/** A reference to `object` of the kind `descriptor` names (list and watch items carry no kind). */
export function referenceTo(descriptor: { group: string; version: string; kind: string }, object: { metadata?: { namespace?: string; name?: string; uid?: string; resourceVersion?: string } }, fieldPath?: string): ObjectReference {
  const metadata = object.metadata ?? {};
  return {
    apiVersion: descriptor.group ? `${descriptor.group}/${descriptor.version}` : descriptor.version,
    kind: descriptor.kind,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    name: metadata.name,
    uid: metadata.uid,
    resourceVersion: metadata.resourceVersion,
    ...(fieldPath ? { fieldPath } : {}),
  };
}
