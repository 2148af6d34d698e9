import assert from 'node:assert/strict';
import { test } from 'node:test';
import { truncateMessage } from './failure-reporter.ts';

test('messages longer than an event note may be are truncated as kube-scheduler does', () => {
  assert.equal(truncateMessage('short'), 'short');
  const long = 'x'.repeat(2000);
  const truncated = truncateMessage(long);
  assert.equal(truncated.length, 1024);
  assert.ok(truncated.endsWith('x ...'));
});
