import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCreateRequestShape } from './create-request-shape.ts';

test('well-typed bodies pass, null means not set', () => {
  assert.doesNotThrow(() => checkCreateRequestShape({ Image: 'busybox', Cmd: ['true'], Env: null, HostConfig: { Memory: 0, Binds: ['/a:/b'], RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } } }));
  assert.doesNotThrow(() => checkCreateRequestShape({ Image: 'busybox', HostConfig: null }));
});

test('a wrong type is refused with the field path', () => {
  assert.throws(() => checkCreateRequestShape({ Image: 'busybox', Cmd: 'true' }), /invalid Config\.Cmd: want an array of strings, got string/);
  assert.throws(() => checkCreateRequestShape({ Image: 7 }), /invalid Config\.Image: want a string, got number/);
  assert.throws(() => checkCreateRequestShape({ Image: 'x', HostConfig: { Memory: '64m' } }), /invalid HostConfig\.Memory: want a number/);
  assert.throws(() => checkCreateRequestShape({ Image: 'x', HostConfig: { RestartPolicy: { Name: 3 } } }), /HostConfig\.RestartPolicy\.Name/);
  assert.throws(() => checkCreateRequestShape({ Image: 'x', Labels: { a: 1 } }), /invalid Config\.Labels: want an object of strings/);
  assert.throws(() => checkCreateRequestShape([]), /must be a JSON object/);
});
