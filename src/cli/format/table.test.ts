import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ellipsis, formatTable } from './table.ts';

test('columns are padded to the widest cell plus three spaces; the last is not padded', () => {
  const text = formatTable(['CONTAINER ID', 'IMAGE', 'NAMES'], [['abc', 'busybox:latest', 'web'], ['0123456789ab', 'x', 'db']]);
  assert.equal(text, 'CONTAINER ID   IMAGE            NAMES\nabc            busybox:latest   web\n0123456789ab   x                db\n');
});

test('ellipsis keeps short text and cuts long text to the limit', () => {
  assert.equal(ellipsis('sleep 1', 20), 'sleep 1');
  assert.equal(ellipsis('httpd -f -p 8080 -h /www', 20), 'httpd -f -p 8080 -h…');
  assert.equal([...ellipsis('httpd -f -p 8080 -h /www', 20)].length, 20);
});
