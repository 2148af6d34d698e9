// Keeps garbage collection away from blobs that are on their way into an image. An import or a
// load first streams blobs into the content store and only then records the image that refers
// to them; a collection running in between would see those blobs as unreferenced and delete
// them. Writers hold the gate shared while they work; a collection holds it alone. A waiting
// collection stops new writers from entering, so a steady stream of loads cannot starve it.
// Holding is re-entrant (work inside a hold may call code that holds again); collecting from
// inside a hold would wait for itself, so it is refused.
import { AsyncLocalStorage } from 'node:async_hooks';
import { internal } from '../../util/errors.ts';

export class GcGate {
  private readonly holding = new AsyncLocalStorage<boolean>();
  private writers = 0;
  private collecting: Promise<void> | undefined;
  private writersDone: (() => void) | undefined;

  /** Runs `work` while no collection runs; any number of writers may run together. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    if (this.holding.getStore()) return work();
    while (this.collecting) await this.collecting.catch(() => undefined);
    this.writers++;
    try {
      return await this.holding.run(true, work);
    } finally {
      this.writers--;
      if (this.writers === 0) this.writersDone?.();
    }
  }

  /** Runs `collect` alone: after the writers inside have left, with new ones kept waiting. */
  async exclusive<T>(collect: () => Promise<T>): Promise<T> {
    if (this.holding.getStore()) throw internal('garbage collection was started from work that holds the gate: it would wait for itself');
    while (this.collecting) await this.collecting.catch(() => undefined);
    let release!: () => void;
    this.collecting = new Promise<void>((resolve) => (release = resolve));
    try {
      if (this.writers > 0) await new Promise<void>((resolve) => (this.writersDone = resolve));
      this.writersDone = undefined;
      return await collect();
    } finally {
      this.collecting = undefined;
      release();
    }
  }
}
