import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSignal } from './signals.ts';

test('names with or without SIG, any case, and numbers', () => {
  assert.deepEqual(parseSignal('SIGTERM'), { name: 'SIGTERM', number: 15 });
  assert.deepEqual(parseSignal('kill'), { name: 'SIGKILL', number: 9 });
  assert.deepEqual(parseSignal('2'), { name: 'SIGINT', number: 2 });
  assert.deepEqual(parseSignal('SIGRTMIN+3'), { name: 'SIGRTMIN+3', number: 37 });
});

test('unknown signals are refused with Docker\'s message', () => {
  assert.throws(() => parseSignal('SIGFOO'), /Invalid signal: SIGFOO/);
  assert.throws(() => parseSignal('0'), /Invalid signal: 0/);
  assert.throws(() => parseSignal('65'), /Invalid signal: 65/);
});
