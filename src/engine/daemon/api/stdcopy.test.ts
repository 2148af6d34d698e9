import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame, FrameReader } from './stdcopy.ts';

test('frames carry the stream and length; the reader reassembles frames split anywhere', () => {
  const bytes = Buffer.concat([frame('stdout', Buffer.from('hello\n')), frame('stderr', Buffer.from('oops'))]);
  assert.deepEqual([...bytes.subarray(0, 8)], [1, 0, 0, 0, 0, 0, 0, 6]);
  const reader = new FrameReader();
  const frames = [...reader.push(bytes.subarray(0, 5)), ...reader.push(bytes.subarray(5, 17)), ...reader.push(bytes.subarray(17))];
  assert.deepEqual(frames.map((f) => [f.stream, f.data.toString()]), [[1, 'hello\n'], [2, 'oops']]);
});
