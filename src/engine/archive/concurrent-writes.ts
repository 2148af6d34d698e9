// Regular files are written a few at a time while the layer keeps being read in order: a file's
// open, write, chown, chmod, utimes and close each wait on the libuv threadpool, and one file at
// a time spends most of its time waiting. Safety still comes from the order of entries: anything
// a later entry does to a path being written, or to a directory above it, first waits for the
// writes in flight (see LayerUnpacker).

export class ConcurrentWrites {
  private readonly limit: number;
  /** Paths relative to the layer root (byte strings) being written. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Whether `rel`, or a directory above it, is being written. */
  touches(rel: string): boolean {
    if (this.inFlight.size === 0) return false;
    if (this.inFlight.has(rel)) return true;
    for (let slash = rel.indexOf('/'); slash !== -1; slash = rel.indexOf('/', slash + 1)) {
      if (this.inFlight.has(rel.slice(0, slash))) return true;
    }
    return false;
  }

  /** Starts writing `rel` once fewer than `limit` writes are in flight. */
  async start(rel: string, write: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight.values());
    this.throwIfFailed();
    const task = write()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(rel));
    this.inFlight.set(rel, task);
  }

  /** Waits for every write in flight; throws the first failure. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
    this.throwIfFailed();
  }

  /** Waits for every write in flight, ignoring failures: before giving up on a layer. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight.values());
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
