import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRestartDelay, restartsOnDaemonStart, shouldRestart } from './restart-policy.ts';

test('no / always / unless-stopped / on-failure[:N] decide as Docker does', () => {
  const exited = (exitCode: number, restartCount = 0, manuallyStopped = false) => ({ exitCode, restartCount, manuallyStopped });
  assert.equal(shouldRestart(undefined, exited(1)), false);
  assert.equal(shouldRestart({ Name: 'no' }, exited(1)), false);
  assert.equal(shouldRestart({ Name: 'always' }, exited(0)), true);
  assert.equal(shouldRestart({ Name: 'unless-stopped' }, exited(0)), true);
  assert.equal(shouldRestart({ Name: 'always' }, exited(0, 0, true)), false);
  assert.equal(shouldRestart({ Name: 'on-failure' }, exited(0)), false);
  assert.equal(shouldRestart({ Name: 'on-failure' }, exited(3, 100)), true);
  assert.equal(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 2 }, exited(3, 1)), true);
  assert.equal(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 2 }, exited(3, 2)), false);
});

test('back-off doubles to a minute and resets after a stable run', () => {
  assert.equal(nextRestartDelay(0, 0), 100);
  assert.equal(nextRestartDelay(100, 50), 200);
  assert.equal(nextRestartDelay(40_000, 50), 60_000);
  assert.equal(nextRestartDelay(40_000, 10_000), 100);
});

test('after a daemon restart: always and unless-stopped come back unless the user stopped them', () => {
  assert.equal(restartsOnDaemonStart({ Name: 'always' }, true, false), true);
  assert.equal(restartsOnDaemonStart({ Name: 'unless-stopped' }, false, true), false);
  assert.equal(restartsOnDaemonStart({ Name: 'unless-stopped' }, true, false), true);
  assert.equal(restartsOnDaemonStart({ Name: 'on-failure' }, true, false), false);
});
