import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClock } from './clock.ts';
import { ItemExponentialRateLimiter } from './rate-limiter.ts';
import { WorkQueue } from './work-queue.ts';

/** Whether a promise has settled, after letting pending callbacks run. */
async function settled<T>(promise: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let state: { done: boolean; value?: T } = { done: false };
  void promise.then((value) => (state = { done: true, value }));
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

describe('WorkQueue', () => {
  test('a key added several times is queued once, in first-add order', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    assert.equal(queue.len(), 2);
    assert.equal(await queue.get(), 'a');
    assert.equal(await queue.get(), 'b');
    assert.equal(queue.len(), 0);
  });

  test('a waiting get() is handed the next key added', async () => {
    const queue = new WorkQueue();
    const waiting = queue.get();
    assert.equal((await settled(waiting)).done, false);
    queue.add('x');
    assert.equal(await waiting, 'x');
  });

  test('a key re-added while processed is not handed to a second worker, and is queued again after done()', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    const first = await queue.get();
    assert.equal(first, 'a');
    queue.add('a');
    queue.add('a');
    assert.equal(queue.len(), 0, 'not queued while being processed');
    const second = queue.get();
    assert.equal((await settled(second)).done, false, 'no second worker gets it');
    queue.add('b');
    assert.equal(await second, 'b', 'other keys flow meanwhile');
    const third = queue.get();
    queue.done('a');
    assert.equal(await third, 'a', 'dirty: queued again (once) after done');
    queue.done('a');
    queue.done('b');
    assert.equal(queue.len(), 0);
  });

  test('done() for a key that was not re-added does not queue it', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    await queue.get();
    queue.done('a');
    assert.equal(queue.len(), 0);
    queue.done('never-handed-out');
    assert.equal(queue.len(), 0);
  });

  test('addAfter queues the key when its delay has passed; the earliest delay wins', () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 100);
    queue.addAfter('a', 500);
    clock.advance(99);
    assert.equal(queue.len(), 0);
    clock.advance(1);
    assert.equal(queue.len(), 1);
    assert.equal(clock.pending, 0, 'the later delay was not kept as a second timer');
    queue.addAfter('b', 500);
    queue.addAfter('b', 50);
    clock.advance(50);
    assert.equal(queue.len(), 2, 'a shorter delay replaces a longer one');
    assert.equal(clock.pending, 0);
    queue.addAfter('c', 0);
    assert.equal(queue.len(), 3, 'no delay: added at once');
  });

  test('addAfter of a queued key does not queue it twice', () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    queue.add('a');
    queue.addAfter('a', 10);
    clock.advance(10);
    assert.equal(queue.len(), 1);
  });

  test('addRateLimited backs off per key: 5 ms doubling, capped at 1000 s; forget() starts over', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      queue.addRateLimited('a');
      const start = clock.now();
      for (let step = 0; step < 1000 && queue.len() === 0; step++) clock.advance(1);
      delays.push(clock.now() - start);
      assert.equal(await queue.get(), 'a');
      queue.done('a');
    }
    assert.deepEqual(delays, [5, 10, 20, 40]);
    assert.equal(queue.numRequeues('a'), 4);
    assert.equal(queue.numRequeues('b'), 0, 'back-off is per key');
    queue.forget('a');
    assert.equal(queue.numRequeues('a'), 0);
    const limiter = new ItemExponentialRateLimiter();
    const steps = Array.from({ length: 30 }, () => limiter.when('k'));
    assert.equal(steps[0], 5);
    assert.equal(steps[17], 5 * 2 ** 17);
    assert.equal(steps[18], 1_000_000, 'capped at 1000 s');
    assert.equal(steps[29], 1_000_000);
    for (let i = 0; i < 1100; i++) limiter.when('k');
    assert.equal(limiter.when('k'), 1_000_000, 'still capped after 2^1024 overflows to Infinity');
  });

  test('a rate-limited key already waiting is not delayed further by another failure', () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock, rateLimiter: new ItemExponentialRateLimiter(100, 10_000) });
    queue.addRateLimited('a'); // 100 ms
    queue.addRateLimited('a'); // 200 ms: later, so the 100 ms stands
    clock.advance(100);
    assert.equal(queue.len(), 1);
  });

  test('shutDown: waiting workers get undefined, new keys and pending delays are dropped', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    const waiting = queue.get();
    queue.addAfter('later', 10);
    queue.shutDown();
    assert.equal(await waiting, undefined);
    assert.equal(queue.isShuttingDown, true);
    queue.add('new');
    queue.addRateLimited('new');
    clock.advance(10_000);
    assert.equal(queue.len(), 0);
    assert.equal(clock.pending, 0);
    assert.equal(await queue.get(), undefined);
  });

  test('shutDown: what is already queued is still handed out, then undefined', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    queue.add('b');
    queue.shutDown();
    assert.equal(await queue.get(), 'a');
    assert.equal(await queue.get(), 'b');
    assert.equal(await queue.get(), undefined);
  });

  test('shutDownWithDrain waits until keys in flight are done', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    const key = await queue.get();
    queue.add('a'); // dirty: will be queued once more when done
    const drained = queue.shutDownWithDrain();
    assert.equal((await settled(drained)).done, false);
    queue.done(key!);
    assert.equal((await settled(drained)).done, false, 'the dirty key was queued again');
    assert.equal(await queue.get(), 'a');
    queue.done('a');
    assert.equal((await settled(drained)).done, true);
    assert.equal(await queue.get(), undefined);
  });
});
