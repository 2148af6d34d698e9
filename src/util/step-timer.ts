// Milliseconds spent in each named step of an operation, for debug logs that show where the
// time of a container start goes.
export class StepTimer {
  private last = performance.now();
  private readonly steps: Record<string, number> = {};

  mark(step: string): void {
    const now = performance.now();
    this.steps[step] = Math.round((now - this.last) * 10) / 10;
    this.last = now;
  }

  get result(): Record<string, number> {
    return this.steps;
  }
}
