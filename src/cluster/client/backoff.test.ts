import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Backoff, sleep } from './backoff.ts';
import { FakeClock } from './clock.ts';

describe('Backoff', () => {
  test('doubles up to the cap; reset starts over; jitter only shortens', () => {
    const exact = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    assert.deepEqual(Array.from({ length: 6 }, () => exact.next()), [100, 200, 400, 800, 1000, 1000]);
    exact.reset();
    assert.equal(exact.next(), 100);
    const jittered = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5 }, () => 1);
    assert.deepEqual([jittered.next(), jittered.next()], [50, 100]);
  });

  test('sleep waits on the clock and ends early when aborted', async () => {
    const clock = new FakeClock();
    let done = false;
    const waiting = sleep(clock, 1000).then(() => (done = true));
    clock.advance(999);
    await Promise.resolve();
    assert.equal(done, false);
    clock.advance(1);
    await waiting;
    assert.equal(done, true);
    const controller = new AbortController();
    const aborted = sleep(clock, 60_000, controller.signal);
    controller.abort();
    await aborted;
    assert.equal(clock.pending, 0, 'its timer is cleared');
    await sleep(clock, 60_000, controller.signal); // already aborted: at once
  });
});
