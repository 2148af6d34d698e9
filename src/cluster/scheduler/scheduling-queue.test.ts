import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../client/clock.ts';
import { SchedulingQueue } from './scheduling-queue.ts';

function pod(name: string, options: { priority?: number; created?: string; labels?: Record<string, string> } = {}): Pod {
  return {
    metadata: { name, namespace: 'default', creationTimestamp: options.created ?? '2025-01-01T00:00:00Z', ...(options.labels ? { labels: options.labels } : {}) },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...(options.priority !== undefined ? { priority: options.priority } : {}) },
  };
}

/** Pops what is active right now (without waiting), in order. */
async function drain(queue: SchedulingQueue): Promise<string[]> {
  const names: string[] = [];
  while (queue.counts().active > 0) names.push((await queue.pop())!.pod.metadata!.name!);
  return names;
}

function setup(options: ConstructorParameters<typeof SchedulingQueue>[0] = {}) {
  const clock = new FakeClock();
  const queue = new SchedulingQueue({ clock, ...options });
  return { clock, queue };
}

describe('SchedulingQueue', () => {
  test('orders by priority (higher first), then creation time, then arrival', async () => {
    const { queue } = setup();
    queue.add(pod('low-old', { priority: 0, created: '2025-01-01T00:00:00Z' }));
    queue.add(pod('high', { priority: 1000, created: '2025-01-01T00:00:09Z' }));
    queue.add(pod('low-new', { priority: 0, created: '2025-01-01T00:00:05Z' }));
    queue.add(pod('low-new-2', { priority: 0, created: '2025-01-01T00:00:05Z' }));
    queue.add(pod('negative', { priority: -5, created: '2024-01-01T00:00:00Z' }));
    queue.add(pod('mid', { priority: 10, created: '2025-01-01T00:00:07Z' }));
    assert.deepEqual(await drain(queue), ['high', 'mid', 'low-old', 'low-new', 'low-new-2', 'negative']);
    assert.deepEqual(queue.counts(), { active: 0, backoff: 0, unschedulable: 0, inFlight: 6 });
  });

  test('pop waits for a pod; close resolves undefined', async () => {
    const { queue } = setup();
    const waiting = queue.pop();
    queue.add(pod('a'));
    assert.equal((await waiting)!.key, 'default/a');
    const next = queue.pop();
    queue.close();
    assert.equal(await next, undefined);
    assert.equal(await queue.pop(), undefined);
  });

  test('adding a known pod updates it instead of queuing it twice', async () => {
    const { queue } = setup();
    queue.add(pod('a'));
    queue.add(pod('a', { labels: { v: '2' } }));
    assert.equal(queue.counts().active, 1);
    const item = (await queue.pop())!;
    assert.deepEqual(item.pod.metadata?.labels, { v: '2' });
    assert.equal(item.attempts, 1);
  });

  test('back-off: 1 s doubling to 10 s after each failure', async () => {
    const { clock, queue } = setup();
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((attempts) => queue.backoffMs(attempts)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
    queue.add(pod('a'));
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const item = (await queue.pop())!;
      assert.equal(item.attempts, attempt);
      queue.requeueBackoff(item.key);
      assert.deepEqual(queue.counts(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 });
      let waited = 0;
      while (queue.counts().active === 0) {
        clock.advance(100);
        waited += 100;
      }
      waits.push(waited);
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 10_000]);
  });

  test('unschedulable pods wait for a cluster change; moves are debounced', async () => {
    const { clock, queue } = setup({ moveDebounceMs: 100 });
    queue.add(pod('a'));
    queue.add(pod('b'));
    const a = (await queue.pop())!;
    const b = (await queue.pop())!;
    queue.requeueUnschedulable(a.key, ['NodeResourcesFit']);
    queue.requeueUnschedulable(b.key, ['NodeAffinity']);
    assert.equal(queue.counts().unschedulable, 2);
    clock.advance(60_000); // nothing happens by itself (well within 5 min)
    assert.equal(queue.counts().unschedulable, 2);

    // A change that only helps pod affinity moves neither.
    queue.moveAllToActiveOrBackoff(['InterPodAffinity']);
    clock.advance(100);
    assert.equal(queue.counts().unschedulable, 2);

    // A burst of changes: one move, after the debounce window, of the pods it may help.
    queue.moveAllToActiveOrBackoff(['NodeResourcesFit']);
    queue.moveAllToActiveOrBackoff(['NodeResourcesFit']);
    assert.equal(queue.counts().unschedulable, 2);
    clock.advance(99);
    assert.equal(queue.counts().unschedulable, 2);
    clock.advance(1);
    assert.deepEqual(queue.counts(), { active: 1, backoff: 0, unschedulable: 1, inFlight: 0 });
    assert.equal((await queue.pop())!.key, 'default/a');

    // Everything moves on an unqualified change.
    queue.moveAllToActiveOrBackoff();
    clock.advance(100);
    assert.equal((await queue.pop())!.key, 'default/b');
  });

  test('pods moved together reach a waiting pop() in priority order', async () => {
    const { clock, queue } = setup({ moveDebounceMs: 10 });
    queue.add(pod('low', { priority: 1 }));
    queue.requeueUnschedulable((await queue.pop())!.key, []);
    queue.add(pod('high', { priority: 100 }));
    queue.requeueUnschedulable((await queue.pop())!.key, []);
    clock.advance(1000);
    const waiting = queue.pop();
    queue.moveAllToActiveOrBackoff();
    clock.advance(10);
    assert.equal((await waiting)!.key, 'default/high');
    assert.equal((await queue.pop())!.key, 'default/low');
  });

  test('a moved pod still backing off goes to backoff, then to active', async () => {
    const { clock, queue } = setup({ moveDebounceMs: 10 });
    queue.add(pod('a'));
    const first = (await queue.pop())!;
    queue.requeueUnschedulable(first.key, []);
    clock.advance(1000);
    queue.moveAllToActiveOrBackoff();
    clock.advance(10);
    const second = (await queue.pop())!;
    assert.equal(second.attempts, 2);
    queue.requeueUnschedulable(second.key, []); // back-off now 2 s from here
    queue.moveAllToActiveOrBackoff();
    clock.advance(10);
    assert.deepEqual(queue.counts(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 });
    clock.advance(1989);
    assert.equal(queue.counts().active, 0);
    clock.advance(1);
    assert.equal(queue.counts().active, 1);
  });

  test('a change reported while a pod was being scheduled sends it to backoff, not unschedulable', async () => {
    const { clock, queue } = setup();
    queue.add(pod('a'));
    queue.add(pod('b'));
    const a = (await queue.pop())!;
    queue.moveAllToActiveOrBackoff(); // e.g. a node was added during a's attempt
    queue.requeueUnschedulable(a.key, ['NodeResourcesFit']);
    assert.deepEqual(queue.counts(), { active: 1, backoff: 1, unschedulable: 0, inFlight: 0 });
    // b is popped after the move request: its failure is an ordinary unschedulable.
    const b = (await queue.pop())!;
    queue.requeueUnschedulable(b.key, ['NodeResourcesFit']);
    assert.deepEqual(queue.counts(), { active: 0, backoff: 1, unschedulable: 1, inFlight: 0 });
    clock.advance(1000);
    assert.equal((await queue.pop())!.key, 'default/a');
  });

  test('an unschedulable pod is retried after 5 minutes without any change', async () => {
    const { clock, queue } = setup();
    queue.add(pod('a'));
    queue.requeueUnschedulable((await queue.pop())!.key, ['NodeResourcesFit']);
    clock.advance(4 * 60_000);
    assert.equal(queue.counts().unschedulable, 1);
    clock.advance(90_000); // checked every 30 s
    assert.deepEqual(queue.counts(), { active: 1, backoff: 0, unschedulable: 0, inFlight: 0 });
  });

  test('an unschedulable pod whose spec or labels change is retried; a status change is not enough', async () => {
    const { clock, queue } = setup();
    queue.add(pod('a'));
    queue.requeueUnschedulable((await queue.pop())!.key, ['NodeAffinity']);
    clock.advance(5000);
    queue.update({ ...pod('a'), status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } });
    assert.equal(queue.counts().unschedulable, 1);
    const changed = pod('a');
    changed.spec!.nodeSelector = { disk: 'ssd' };
    queue.update(changed);
    assert.deepEqual(queue.counts(), { active: 1, backoff: 0, unschedulable: 0, inFlight: 0 });
    assert.deepEqual((await queue.pop())!.pod.spec?.nodeSelector, { disk: 'ssd' });
  });

  test('delete removes a pod wherever it is; one deleted in flight is not requeued', async () => {
    const { clock, queue } = setup();
    for (const name of ['a', 'b', 'c', 'd']) queue.add(pod(name));
    const a = (await queue.pop())!;
    const b = (await queue.pop())!;
    const c = (await queue.pop())!;
    queue.requeueBackoff(a.key);
    queue.requeueUnschedulable(b.key, []);
    queue.delete(a.key);
    queue.delete(b.key);
    queue.delete(c.key); // in flight
    queue.delete('default/d');
    queue.requeueBackoff(c.key);
    assert.deepEqual(queue.counts(), { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
    clock.advance(20_000);
    for (const key of ['default/a', 'default/b', 'default/c', 'default/d']) assert.equal(queue.has(key), false);
  });

  test('a pod deleted and created again while in flight is queued afresh when done', async () => {
    const { queue } = setup();
    queue.add(pod('a'));
    const first = (await queue.pop())!;
    queue.delete(first.key);
    queue.add(pod('a', { labels: { generation: '2' } }));
    queue.done(first.key);
    assert.equal(queue.counts().active, 1);
    const again = (await queue.pop())!;
    assert.deepEqual(again.pod.metadata?.labels, { generation: '2' });
    assert.equal(again.attempts, 1);
  });

  test('done() lets a bound pod leave the queue', async () => {
    const { queue } = setup();
    queue.add(pod('a'));
    const item = (await queue.pop())!;
    queue.done(item.key);
    assert.equal(queue.has(item.key), false);
    assert.deepEqual(queue.counts(), { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
    queue.close();
  });
});
