import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readSyncMessages } from './sync-pipe.ts';

test('splits messages across and within chunks, keeping the runtime error text', async () => {
  const pipe = Readable.from([Buffer.from('{"data": 42}\n{"data": -1, "mess'), Buffer.from('age": "executable file not found"}\n')]);
  const messages = [];
  for await (const message of readSyncMessages(pipe)) messages.push(message);
  assert.deepEqual(messages, [{ data: 42 }, { data: -1, message: 'executable file not found' }]);
});

test('a final message without newline is still read; garbage becomes an error message', async () => {
  const messages = [];
  for await (const message of readSyncMessages(Readable.from([Buffer.from('oops\n{"data": 3}')]))) messages.push(message);
  assert.equal(messages[0]!.data, -1);
  assert.match(messages[0]!.message!, /unreadable message from conmon: oops/);
  assert.deepEqual(messages[1], { data: 3 });
});
