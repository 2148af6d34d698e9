// A piece of work the agent repeats on its clock (the Lease renewal, the node status): run once
// at start, then again after the delay each run returns, until stopped.
import type { Clock } from '../client/clock.ts';

export class RepeatingTask {
  private readonly clock: Clock;
  /** One run; resolves to the delay before the next. It must not reject. */
  private readonly run: () => Promise<number>;
  private timer: unknown;
  private stopped = false;

  constructor(clock: Clock, run: () => Promise<number>) {
    this.clock = clock;
    this.run = run;
  }

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => void this.run().then((next) => this.schedule(next)), ms);
  }
}
