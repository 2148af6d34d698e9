// kube-scheduler's PriorityQueue, for the pods this scheduler is to place. Three places a
// pending pod can be, besides "in flight" (popped, being scheduled or bound):
//
//   - active: a heap, higher spec.priority first, then older creationTimestamp, then the order
//     pods arrived in; pop() hands out its head (waiting while it is empty);
//   - backoff: pods that failed recently wait 1 s × 2^(attempts−1), at most 10 s
//     (podInitialBackoff / podMaxBackoff), from their failure, then go back to active;
//   - unschedulable: pods no node fits, with the plugins that rejected them. They wait for a
//     change in the cluster that could help — moveAllToActiveOrBackoff(event, plugins) — which is
//     debounced (moveDebounceMs) so that a burst of node or pod events moves them once. Moved
//     pods still backing off go to backoff, the others to active. A pod left unschedulable
//     longer than maxUnschedulableMs (5 min, podMaxInUnschedulablePodsDuration) is retried anyway.
//
// As in kube-scheduler, a move requested while a pod was being scheduled (moveRequestCycle ≥
// the pod's scheduling cycle) sends that pod, if it then fails, to backoff rather than
// unschedulable: the change it might have missed could help it. Updates of a queued pod replace
// the object; an unschedulable pod whose spec, labels or annotations changed is retried. All
// timing goes through a Clock (FakeClock in unit tests).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type Clock, realClock, type TimerHandle } from '../client/clock.ts';

export interface SchedulingQueueOptions {
  clock?: Clock;
  /** First back-off after a failed attempt; default 1000 ms. */
  initialBackoffMs?: number;
  /** Back-off cap; default 10 000 ms. */
  maxBackoffMs?: number;
  /** Cluster changes within this window move unschedulable pods once; default 100 ms. */
  moveDebounceMs?: number;
  /** An unschedulable pod is retried after this long even without a cluster change; default 5 min. */
  maxUnschedulableMs?: number;
  /** How often unschedulable pods are checked against maxUnschedulableMs; default 30 s. */
  unschedulableFlushIntervalMs?: number;
}

/** A pod in the queue, with its scheduling history (framework.QueuedPodInfo). */
export interface QueuedPod {
  readonly key: string;
  /** The latest object seen (updates replace it, also while in flight). */
  pod: Pod;
  /** Scheduling attempts so far (counted at pop). */
  attempts: number;
  /** The scheduling cycle of the last pop. */
  cycle: number;
  /** Plugins that rejected the pod in its last attempt (an empty set: any change may help). */
  unschedulablePlugins: ReadonlySet<string>;
  /** clock.now() of the last failure (back-off counts from it). */
  failedAt: number;
  /** Where it is. */
  state: 'active' | 'backoff' | 'unschedulable' | 'inFlight';
  /** Removed while in flight: requeue() drops it. */
  deleted: boolean;
  /** Removed and added again (recreated) while in flight: done() queues it afresh. */
  readded: boolean;
  readonly priority: number;
  readonly createdAt: number;
  seq: number;
}

export interface QueueCounts {
  active: number;
  backoff: number;
  unschedulable: number;
  inFlight: number;
}

export function podKeyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

/** What makes an unschedulable pod worth retrying when it changes (isPodUpdated, roughly). */
function schedulingRelevant(pod: Pod): string {
  return JSON.stringify([pod.metadata?.labels ?? {}, pod.metadata?.annotations ?? {}, pod.spec ?? {}]);
}

function before(a: QueuedPod, b: QueuedPod): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.seq < b.seq;
}

/** A binary heap of QueuedPods with removal by key. */
class PodHeap {
  private readonly items: QueuedPod[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  push(item: QueuedPod): void {
    this.items.push(item);
    this.index.set(item.key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): QueuedPod | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0);
  }

  remove(key: string): QueuedPod | undefined {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.removeAt(at);
  }

  private removeAt(at: number): QueuedPod {
    const items = this.items;
    const item = items[at]!;
    const last = items.pop()!;
    this.index.delete(item.key);
    if (at < items.length) {
      items[at] = last;
      this.index.set(last.key, at);
      this.down(at);
      this.up(at);
    }
    return item;
  }

  private up(at: number): void {
    const items = this.items;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(items[at]!, items[parent]!)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(at: number): void {
    const items = this.items;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let best = at;
      if (left < items.length && before(items[left]!, items[best]!)) best = left;
      if (right < items.length && before(items[right]!, items[best]!)) best = right;
      if (best === at) return;
      this.swap(at, best);
      at = best;
    }
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const x = items[a]!;
    const y = items[b]!;
    items[a] = y;
    items[b] = x;
    this.index.set(y.key, a);
    this.index.set(x.key, b);
  }
}

const noPlugins: ReadonlySet<string> = new Set();

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly moveDebounceMs: number;
  private readonly maxUnschedulableMs: number;
  private readonly pods = new Map<string, QueuedPod>();
  private readonly active = new PodHeap();
  private readonly backoff = new Set<QueuedPod>();
  private readonly unschedulable = new Set<QueuedPod>();
  private inFlight = 0;
  private seq = 0;
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private waiter: ((pod: QueuedPod | undefined) => void) | undefined;
  private backoffTimer: TimerHandle | undefined;
  private backoffTimerAt = Infinity;
  private moveTimer: TimerHandle | undefined;
  /** Plugins named by the move requests of the pending debounce window; undefined: every pod. */
  private pendingMove: Set<string> | undefined | null = null;
  private flushTimer: TimerHandle;
  private readonly flushIntervalMs: number;
  private closed = false;
  private wakeQueued = false;

  constructor(options: SchedulingQueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.moveDebounceMs = options.moveDebounceMs ?? 100;
    this.maxUnschedulableMs = options.maxUnschedulableMs ?? 5 * 60_000;
    this.flushIntervalMs = options.unschedulableFlushIntervalMs ?? 30_000;
    this.flushTimer = this.clock.setTimeout(() => this.flushUnschedulable(), this.flushIntervalMs);
  }

  counts(): QueueCounts {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight };
  }

  /** Whether the pod is queued anywhere (in flight included). */
  has(key: string): boolean {
    return this.pods.has(key);
  }

  get(key: string): QueuedPod | undefined {
    return this.pods.get(key);
  }

  /** The back-off after `attempts` failed attempts. */
  backoffMs(attempts: number): number {
    let ms = this.initialBackoffMs;
    for (let i = 1; i < attempts && ms < this.maxBackoffMs; i++) ms *= 2;
    return Math.min(ms, this.maxBackoffMs);
  }

  /** A pending pod to schedule: new ones go to active; a known one is updated. */
  add(pod: Pod): void {
    if (this.closed) return;
    const key = podKeyOf(pod);
    if (this.pods.has(key)) {
      this.update(pod);
      return;
    }
    const created = Date.parse(pod.metadata?.creationTimestamp ?? '');
    const item: QueuedPod = {
      key,
      pod,
      attempts: 0,
      cycle: 0,
      unschedulablePlugins: noPlugins,
      failedAt: 0,
      state: 'active',
      deleted: false,
      readded: false,
      priority: pod.spec?.priority ?? 0,
      createdAt: Number.isFinite(created) ? created : 0,
      seq: this.seq++,
    };
    this.pods.set(key, item);
    this.pushActive(item);
  }

  /** A queued pod changed. An unschedulable one whose spec, labels or annotations changed is retried. */
  update(pod: Pod): void {
    const item = this.pods.get(podKeyOf(pod));
    if (!item) {
      this.add(pod);
      return;
    }
    const old = item.pod;
    item.pod = pod;
    if (item.deleted) {
      item.deleted = false;
      item.readded = true;
    }
    if (item.state === 'unschedulable' && schedulingRelevant(old) !== schedulingRelevant(pod)) {
      this.unschedulable.delete(item);
      this.activeOrBackoff(item);
    }
  }

  /** The pod is gone, bound, or no longer ours. */
  delete(key: string): void {
    const item = this.pods.get(key);
    if (!item) return;
    switch (item.state) {
      case 'active':
        this.active.remove(key);
        break;
      case 'backoff':
        this.backoff.delete(item);
        break;
      case 'unschedulable':
        this.unschedulable.delete(item);
        break;
      case 'inFlight':
        item.deleted = true;
        return; // done() or requeue() forgets it
    }
    this.pods.delete(key);
  }

  /** The next pod to schedule (it is in flight until done() or a requeue); undefined once closed. */
  pop(): Promise<QueuedPod | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const item = this.take();
    if (item) return Promise.resolve(item);
    if (this.waiter) throw new Error('SchedulingQueue.pop: one consumer at a time');
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** The in-flight pod was bound, or dropped: it leaves the queue. */
  done(key: string): void {
    const item = this.pods.get(key);
    if (!item || item.state !== 'inFlight') return;
    this.inFlight--;
    if (item.readded && !this.closed) {
      item.readded = false;
      item.attempts = 0;
      this.pushActive(item);
      return;
    }
    this.pods.delete(key);
  }

  /**
   * The in-flight pod fits no node (rejected by `plugins`): it waits in unschedulable for a
   * cluster change — or in backoff, if a change was reported while it was being scheduled.
   */
  requeueUnschedulable(key: string, plugins: Iterable<string>): void {
    const item = this.leaveFlight(key);
    if (!item) return;
    item.unschedulablePlugins = new Set(plugins);
    item.failedAt = this.clock.now();
    if (this.moveRequestCycle >= item.cycle) this.pushBackoff(item);
    else {
      item.state = 'unschedulable';
      this.unschedulable.add(item);
    }
  }

  /** The in-flight pod failed for another reason (binding failed, an API error): back-off. */
  requeueBackoff(key: string): void {
    const item = this.leaveFlight(key);
    if (!item) return;
    item.unschedulablePlugins = noPlugins;
    item.failedAt = this.clock.now();
    this.pushBackoff(item);
  }

  /**
   * Something changed that may let unschedulable pods fit: after the debounce window, those
   * rejected by one of `plugins` (undefined: all of them; pods rejected by no plugin always) go
   * back to active, or to backoff if still backing off.
   */
  moveAllToActiveOrBackoff(plugins?: readonly string[]): void {
    if (this.closed) return;
    this.moveRequestCycle = this.schedulingCycle;
    if (plugins === undefined) this.pendingMove = undefined;
    else if (this.pendingMove !== undefined) {
      if (this.pendingMove === null) this.pendingMove = new Set();
      for (const plugin of plugins) this.pendingMove.add(plugin);
    }
    if (this.moveTimer !== undefined) return;
    this.moveTimer = this.clock.setTimeout(() => {
      this.moveTimer = undefined;
      const wanted = this.pendingMove;
      this.pendingMove = null;
      if (wanted === null) return;
      for (const item of [...this.unschedulable]) {
        if (wanted !== undefined && item.unschedulablePlugins.size > 0 && ![...item.unschedulablePlugins].some((plugin) => wanted.has(plugin))) continue;
        this.unschedulable.delete(item);
        this.activeOrBackoff(item);
      }
    }, this.moveDebounceMs);
  }

  /** Stops handing out pods: a waiting pop() resolves undefined; timers are cleared. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clock.clearTimeout(this.flushTimer);
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    if (this.moveTimer !== undefined) this.clock.clearTimeout(this.moveTimer);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(undefined);
  }

  private take(): QueuedPod | undefined {
    const item = this.active.pop();
    if (!item) return undefined;
    item.state = 'inFlight';
    item.attempts++;
    item.cycle = ++this.schedulingCycle;
    this.inFlight++;
    return item;
  }

  private leaveFlight(key: string): QueuedPod | undefined {
    const item = this.pods.get(key);
    if (!item || item.state !== 'inFlight') return undefined;
    this.inFlight--;
    item.readded = false;
    if (item.deleted || this.closed) {
      this.pods.delete(key);
      return undefined;
    }
    return item;
  }

  private pushActive(item: QueuedPod): void {
    item.state = 'active';
    this.active.push(item);
    // A waiting pop() gets the head once the current batch (a move, a back-off flush) is all in.
    if (this.waiter && !this.wakeQueued) {
      this.wakeQueued = true;
      queueMicrotask(() => {
        this.wakeQueued = false;
        const waiter = this.waiter;
        if (!waiter || this.closed) return;
        const next = this.take();
        if (!next) return;
        this.waiter = undefined;
        waiter(next);
      });
    }
  }

  private backoffExpiry(item: QueuedPod): number {
    return item.failedAt + this.backoffMs(item.attempts);
  }

  private activeOrBackoff(item: QueuedPod): void {
    if (item.attempts > 0 && this.backoffExpiry(item) > this.clock.now()) this.pushBackoff(item);
    else this.pushActive(item);
  }

  private pushBackoff(item: QueuedPod): void {
    item.state = 'backoff';
    this.backoff.add(item);
    this.armBackoffTimer(this.backoffExpiry(item));
  }

  private armBackoffTimer(at: number): void {
    if (at >= this.backoffTimerAt) return;
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.backoffTimerAt = at;
    this.backoffTimer = this.clock.setTimeout(() => this.flushBackoff(), Math.max(0, at - this.clock.now()));
  }

  private flushBackoff(): void {
    this.backoffTimer = undefined;
    this.backoffTimerAt = Infinity;
    const now = this.clock.now();
    let next = Infinity;
    for (const item of [...this.backoff]) {
      const expiry = this.backoffExpiry(item);
      if (expiry <= now) {
        this.backoff.delete(item);
        this.pushActive(item);
      } else if (expiry < next) next = expiry;
    }
    if (next !== Infinity && !this.closed) this.armBackoffTimer(next);
  }

  private flushUnschedulable(): void {
    const now = this.clock.now();
    for (const item of [...this.unschedulable]) {
      if (now - item.failedAt < this.maxUnschedulableMs) continue;
      this.unschedulable.delete(item);
      this.activeOrBackoff(item);
    }
    if (!this.closed) this.flushTimer = this.clock.setTimeout(() => this.flushUnschedulable(), this.flushIntervalMs);
  }
}
