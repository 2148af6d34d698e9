// One operation at a time per key (a container, an upload): each waits for the one before it,
// whether that succeeded or failed. Keys with nothing pending take no memory.
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, action: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(action, action);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Whether an operation on the key is running or waiting. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }

  /** Keys with an operation running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
