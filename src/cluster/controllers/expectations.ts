// client-go's ControllerExpectations (with the UID-tracking variant folded in): what a controller
// expects its informers to show after it has written. A ReplicaSet that just asked for 3 pods
// must not ask again before its cache shows them, or it would create 6; so it records
// "expect 3 adds" under its key, the pod informer lowers the count as each pod shows up, and
// sync(key) acts only once the expectations are satisfied (all observed) — or expired (5 min,
// as Kubernetes: a watch event lost for good must not wedge the controller forever).
// Deletions are tracked by pod key, so a pod seen deleted twice (an update with a
// deletionTimestamp, then the delete itself) lowers the count once.
import { type Clock, realClock } from '../client/index.ts';

/** How long expectations hold before sync acts anyway (Kubernetes' ExpectationsTimeout). */
export const expectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  deletes: number;
  /** Keys of the objects whose deletion is awaited. */
  deleteKeys: Set<string>;
  setAt: number;
}

export class Expectations {
  private readonly byKey = new Map<string, Expectation>();
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(options: { clock?: Clock; timeoutMs?: number } = {}) {
    this.clock = options.clock ?? realClock;
    this.timeoutMs = options.timeoutMs ?? expectationsTimeoutMs;
  }

  /** Whether the controller of `key` may act: nothing recorded, all observed, or expired. */
  satisfied(key: string): boolean {
    const expectation = this.byKey.get(key);
    if (!expectation) return true;
    if (expectation.adds <= 0 && expectation.deletes <= 0) return true;
    return this.clock.now() - expectation.setAt > this.timeoutMs;
  }

  /** Replaces what `key` expects by `count` adds. */
  expectCreations(key: string, count: number): void {
    this.byKey.set(key, { adds: count, deletes: 0, deleteKeys: new Set(), setAt: this.clock.now() });
  }

  /** Replaces what `key` expects by the deletion of these objects (by key). */
  expectDeletions(key: string, objectKeys: readonly string[]): void {
    const deleteKeys = new Set(objectKeys);
    this.byKey.set(key, { adds: 0, deletes: deleteKeys.size, deleteKeys, setAt: this.clock.now() });
  }

  /** One expected add was seen (or will never happen: a create that failed). */
  creationObserved(key: string): void {
    const expectation = this.byKey.get(key);
    if (expectation) expectation.adds--;
  }

  /** The object `objectKey` was seen deleted (or its delete failed); counts once per expected key. */
  deletionObserved(key: string, objectKey: string): void {
    const expectation = this.byKey.get(key);
    if (!expectation || !expectation.deleteKeys.delete(objectKey)) return;
    expectation.deletes--;
  }

  /** Forgets `key` (its object was deleted). */
  delete(key: string): void {
    this.byKey.delete(key);
  }

  /** What is still expected (for logs and tests). */
  pending(key: string): { adds: number; deletes: number } | undefined {
    const expectation = this.byKey.get(key);
    return expectation ? { adds: expectation.adds, deletes: expectation.deletes } : undefined;
  }
}
