// The binding cycle: POST pods/NAME/binding for a pod the scheduling cycle placed (and assumed
// in the snapshot), several at once (bindConcurrency) while the loop goes on scheduling the
// next pods; slot() makes the loop wait when that many are in flight. The outcome goes to a
// callback: bound; gone (404 or 409: the pod was deleted, is being deleted, or was bound
// meanwhile — an ordinary race, which the pod informer settles); or failed (anything else).
// The Binding carries the pod's uid, as kube-scheduler's does (Kubernetes then refuses to bind a
// pod recreated under the same name; Minato's API server does not check the uid yet).
import type { Binding, Pod } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound } from '../client/api-error.ts';
import type { ResourceClient } from '../client/resource-client.ts';

export type BindOutcome = { result: 'bound' } | { result: 'gone'; error: unknown } | { result: 'failed'; error: unknown };

export class Binder {
  private readonly pods: ResourceClient<Pod>;
  private readonly concurrency: number;
  private running = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(pods: ResourceClient<Pod>, concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`bindConcurrency must be a positive integer (got ${concurrency})`);
    this.pods = pods;
    this.concurrency = concurrency;
  }

  get inFlight(): number {
    return this.running;
  }

  /** Resolves when another binding may start. */
  slot(): Promise<void> {
    if (this.running < this.concurrency) return Promise.resolve();
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  /** Resolves when no binding is in flight. */
  drained(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Binds `pod` to `node` in the background; `onDone` gets the outcome. */
  bind(pod: Pod, node: string, onDone: (outcome: BindOutcome) => void): void {
    const namespace = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}) },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    };
    this.running++;
    this.pods
      .createSubresource(namespace, name, 'binding', binding)
      .then(
        () => onDone({ result: 'bound' }),
        (error: unknown) => onDone(isNotFound(error) || isConflict(error) ? { result: 'gone', error } : { result: 'failed', error }),
      )
      .finally(() => {
        this.running--;
        this.slotWaiters.shift()?.();
        if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
  }
}
