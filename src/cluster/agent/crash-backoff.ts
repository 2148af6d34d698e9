// The kubelet's restart (and image pull) back-off (client-go flowcontrol.Backoff): per key, a
// delay that starts at 10 s and doubles to 300 s. A container that exits is restarted at once
// the first time; each later exit waits the current delay counted from that exit — the
// container shows CrashLoopBackOff meanwhile — and the delay then doubles. An entry left alone
// for twice the cap (10 min: the container ran that long) starts over.

export interface CrashBackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

interface Entry {
  delayMs: number;
  /** When the entry was last advanced (ms on the caller's clock: the exit it was advanced for). */
  lastUpdate: number;
}

export class CrashBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: CrashBackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 10_000;
    this.maxMs = options.maxMs ?? 300_000;
  }

  private expired(entry: Entry, eventTime: number): boolean {
    return eventTime - entry.lastUpdate > 2 * this.maxMs;
  }

  /** How long (ms) `key` must still wait, at `now`, after an exit at `eventTime`; 0: it may go now. */
  remaining(key: string, eventTime: number, now: number): number {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventTime)) return 0;
    return Math.max(0, eventTime + entry.delayMs - now);
  }

  /** Records a restart after an exit at `eventTime`: the next exit waits longer. */
  next(key: string, eventTime: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, eventTime)) {
      this.entries.set(key, { delayMs: this.initialMs, lastUpdate: eventTime });
      return;
    }
    entry.delayMs = Math.min(entry.delayMs * 2, this.maxMs);
    entry.lastUpdate = eventTime;
  }

  /** The delay `key` is at (what CrashLoopBackOff's message says), 0 if none. */
  delayOf(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key that starts with `prefix` (a pod's containers when it goes). */
  forgetPrefix(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
