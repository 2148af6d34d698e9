import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseContentRange, parseRangeHeader, uploadRangeHeader } from './ranges.ts';

describe('Range of a blob GET', () => {
  it('serves everything without a usable Range', () => {
    assert.deepEqual(parseRangeHeader(undefined, 10), { kind: 'whole' });
    assert.deepEqual(parseRangeHeader('items=0-1', 10), { kind: 'whole' });
    assert.deepEqual(parseRangeHeader('bytes=0-1,3-4', 10), { kind: 'whole' });
    assert.deepEqual(parseRangeHeader('bytes=0-', 0), { kind: 'whole' });
  });

  it('reads first-last, open and suffix ranges', () => {
    assert.deepEqual(parseRangeHeader('bytes=2-5', 10), { kind: 'partial', start: 2, end: 5 });
    assert.deepEqual(parseRangeHeader('bytes=2-', 10), { kind: 'partial', start: 2, end: 9 });
    assert.deepEqual(parseRangeHeader('bytes=-3', 10), { kind: 'partial', start: 7, end: 9 });
    assert.deepEqual(parseRangeHeader('bytes=-30', 10), { kind: 'partial', start: 0, end: 9 });
    assert.deepEqual(parseRangeHeader('bytes=5-100', 10), { kind: 'partial', start: 5, end: 9 });
    assert.deepEqual(parseRangeHeader('Bytes = 9-9', 10), { kind: 'partial', start: 9, end: 9 });
  });

  it('finds unsatisfiable ranges', () => {
    assert.deepEqual(parseRangeHeader('bytes=10-', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=5-2', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=-0', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=x-y', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=', 10), { kind: 'unsatisfiable' });
  });
});

describe('Content-Range of an upload chunk', () => {
  it('reads the spec form and the forms clients add', () => {
    assert.deepEqual(parseContentRange('0-99'), { start: 0, end: 99 });
    assert.deepEqual(parseContentRange('bytes 100-199/*'), { start: 100, end: 199 });
    assert.deepEqual(parseContentRange('bytes=100-199'), { start: 100, end: 199 });
    assert.deepEqual(parseContentRange('5-5/6'), { start: 5, end: 5 });
  });

  it('refuses anything else', () => {
    for (const header of ['', '5-4', '-5', '1-', 'a-b', '0-1-2', 'bytes */10']) assert.equal(parseContentRange(header), undefined, header);
  });

  it('reports upload progress as distribution does', () => {
    assert.equal(uploadRangeHeader(0), '0-0');
    assert.equal(uploadRangeHeader(1), '0-0');
    assert.equal(uploadRangeHeader(100), '0-99');
  });
});
