import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrashBackoff } from './crash-backoff.ts';

test('the first restart is immediate, then 10 s doubling to 300 s, counted from each exit', () => {
  const backoff = new CrashBackoff();
  const key = 'uid/web';
  assert.equal(backoff.remaining(key, 1_000, 1_000), 0);
  backoff.next(key, 1_000);
  // Exits again at 5 s: waits 10 s from that exit.
  assert.equal(backoff.remaining(key, 5_000, 6_000), 9_000);
  assert.equal(backoff.remaining(key, 5_000, 15_000), 0);
  const delays = [];
  let t = 15_000;
  for (let i = 0; i < 8; i++) {
    backoff.next(key, t);
    delays.push(backoff.delayOf(key));
    t += 1_000;
  }
  assert.deepEqual(delays, [20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000]);
});

test('a container that ran for more than 10 minutes starts over', () => {
  const backoff = new CrashBackoff();
  backoff.next('k', 0);
  backoff.next('k', 1_000);
  assert.equal(backoff.delayOf('k'), 20_000);
  const exit = 1_000 + 600_001;
  assert.equal(backoff.remaining('k', exit, exit), 0);
  backoff.next('k', exit);
  assert.equal(backoff.delayOf('k'), 10_000);
  backoff.forgetPrefix('k');
  assert.equal(backoff.delayOf('k'), 0);
});
