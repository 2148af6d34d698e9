import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isMinatoError } from '../../util/errors.ts';
import { compareKeys, prefixRangeEnd, prefixUpperBound, validateKey } from './keys.ts';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

test('compareKeys orders by UTF-8 bytes, not UTF-16 code units', () => {
  assert.ok('🚀' < '\uffff', 'JavaScript puts the surrogate pair first');
  assert.ok(compareKeys('\uffff', '🚀') < 0, 'UTF-8 puts U+FFFF first');
  assert.equal(compareKeys('a/b', 'a/b'), 0);
  assert.ok(compareKeys('a', 'a/') < 0);
});

test('prefixUpperBound: every string with the prefix is below it, and only those between prefix and it', () => {
  assert.equal(prefixUpperBound(''), undefined);
  assert.equal(prefixUpperBound('a/'), 'a0');
  assert.equal(prefixUpperBound('a\u{10ffff}'), 'b');
  assert.equal(prefixUpperBound('\u{10ffff}'), undefined);
  assert.equal(prefixUpperBound('x\ud7ff'), 'x\ue000');
  fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (prefix, rest, other) => {
    const upper = prefixUpperBound(prefix);
    const inRange = (s: string) => compareKeys(s, prefix) >= 0 && (upper === undefined || compareKeys(s, upper) < 0);
    assert.ok(inRange(prefix + rest));
    assert.equal(inRange(other), other.startsWith(prefix));
  }));
});

test('prefixRangeEnd is etcd\'s range_end for a prefix', () => {
  assert.deepEqual([...prefixRangeEnd(utf8('a/'))], [...utf8('a0')]);
  assert.deepEqual([...prefixRangeEnd(new Uint8Array([0x61, 0xff, 0xff]))], [0x62]);
  assert.deepEqual([...prefixRangeEnd(new Uint8Array([0xff]))], [0], 'no upper bound');
  fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (prefix, rest, other) => {
    const start = utf8(prefix);
    const end = Buffer.from(prefixRangeEnd(start));
    const unbounded = end.length === 1 && end[0] === 0;
    const inRange = (s: string) => Buffer.compare(utf8(s), start) >= 0 && (unbounded || Buffer.compare(utf8(s), end) < 0);
    assert.ok(inRange(prefix + rest));
    assert.equal(inRange(other), other.startsWith(prefix));
  }));
});

test('validateKey rejects empty keys, NUL and lone surrogates', () => {
  for (const bad of ['', 'a\0', 'x\udc00y']) assert.throws(() => validateKey(bad), (err: unknown) => isMinatoError(err, 'InvalidArgument'));
  for (const good of ['a', '/registry/pods/ns/p', '🚀 é \n']) validateKey(good);
});
