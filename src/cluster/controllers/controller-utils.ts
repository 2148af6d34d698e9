// What several controllers use (Kubernetes' pkg/controller/controller_utils.go): the shared
// informers' by-controller index, and slow-start batches of creations.
import type { ClientObject, IndexFunc, SharedInformer } from '../client/index.ts';

/** The index (by byControllerUid) of objects by the uid of the owner that controls them. */
export const byControllerIndex = 'byControllerUid';

/** Adds a named index to a shared informer unless another controller did already. */
export function ensureIndex<T extends ClientObject>(informer: SharedInformer<T>, name: string, fn: IndexFunc<T>): void {
  if (!informer.hasIndex(name)) informer.addIndex(name, fn);
}

/**
 * Runs `fn` `count` times, in batches that double from `initial` (1, 2, 4, …), each batch in
 * parallel; stops after the first batch with a failure. Returns the successes and the first error.
 */
export async function slowStartBatch(count: number, initial: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}
