import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectFailureReason } from './netns-port-forward.ts';

test("busybox nc's connect failures become the reason kubectl shows", () => {
  assert.equal(connectFailureReason("nc: can't connect to remote host (127.0.0.1): Connection refused\n"), 'connection refused');
  assert.equal(connectFailureReason("\nnc: can't connect to remote host (127.0.0.1): Network is unreachable"), 'network is unreachable');
  assert.equal(connectFailureReason(''), 'the relay exited without saying why');
});
