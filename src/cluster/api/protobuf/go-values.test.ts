import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isMinatoError } from '../../../util/errors.ts';
import { formatGoDuration, formatRfc3339, parseGoDuration, parseRfc3339 } from './go-values.ts';

test('durations print as Go prints them', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1500n, '1.5µs'],
    [300_000_000n, '300ms'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-2_000_000_000n, '-2s'],
    [9_223_372_036_854_775_807n, '2562047h47m16.854775807s'],
  ];
  for (const [nanos, text] of cases) {
    assert.equal(formatGoDuration(nanos), text);
    assert.equal(parseGoDuration(text), nanos);
  }
});

test('durations parse as Go parses them', () => {
  assert.equal(parseGoDuration('0'), 0n);
  assert.equal(parseGoDuration('+5s'), 5_000_000_000n);
  assert.equal(parseGoDuration('.5s'), 500_000_000n);
  assert.equal(parseGoDuration('1.s'), 1_000_000_000n);
  assert.equal(parseGoDuration('1h30m'), 5_400_000_000_000n);
  assert.equal(parseGoDuration('2us'), 2000n);
  assert.equal(parseGoDuration('2μs'), 2000n);
  for (const bad of ['', '1', '1x', 'h', '.s', '1h 2m', '-']) {
    assert.throws(() => parseGoDuration(bad), (err) => isMinatoError(err, 'InvalidArgument'), bad);
  }
});

test('any int64 duration survives format then parse', () => {
  fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }), (nanos) => parseGoDuration(formatGoDuration(nanos)) === nanos));
});

test('RFC 3339 times', () => {
  assert.equal(formatRfc3339(0), '1970-01-01T00:00:00Z');
  assert.equal(formatRfc3339(1767323045), '2026-01-02T03:04:05Z');
  assert.equal(formatRfc3339(1767323045, 120), '2026-01-02T03:04:05.000120Z');
  assert.equal(formatRfc3339(-62135596800), '0001-01-01T00:00:00Z');
  assert.deepEqual(parseRfc3339('2026-01-02T03:04:05Z'), { seconds: 1767323045, nanos: 0 });
  assert.deepEqual(parseRfc3339('2026-01-02T12:04:05.5+09:00'), { seconds: 1767323045, nanos: 500_000_000 });
  assert.deepEqual(parseRfc3339('0001-01-01T00:00:00Z'), { seconds: -62135596800, nanos: 0 });
  for (const bad of ['2026-01-02', '2026-01-02 03:04:05Z', '2026-01-02T03:04:05', 'yesterday']) {
    assert.throws(() => parseRfc3339(bad), (err) => isMinatoError(err, 'InvalidArgument'), bad);
  }
  assert.throws(() => formatRfc3339(1e15), (err) => isMinatoError(err, 'InvalidArgument'));
  assert.throws(() => formatRfc3339(253402300800), (err) => isMinatoError(err, 'InvalidArgument'), 'year 10000');
  fc.assert(fc.property(fc.integer({ min: -62135596800, max: 253402300799 }), (seconds) => parseRfc3339(formatRfc3339(seconds)).seconds === seconds));
});
