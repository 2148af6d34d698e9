import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, since } from './human-duration.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

// The AGE column's rules (apimachinery duration.HumanDuration): seconds up to 2 minutes,
// minutes and seconds up to 10 minutes, minutes up to 3 hours, hours and minutes up to 8 hours,
// hours up to 2 days, days and hours up to 8 days, days up to 2 years, years and days up to 8.
const cases: [number, string][] = [
  [0, '0s'],
  [-1500, '0s'], // a little in the future counts as now (clock skew)
  [-3 * s, '<invalid>'],
  [45 * s, '45s'],
  [119 * s, '119s'],
  [2 * m, '2m'],
  [5 * m + 3 * s, '5m3s'],
  [9 * m + 59 * s, '9m59s'],
  [10 * m + 30 * s, '10m'],
  [179 * m, '179m'],
  [3 * h, '3h'],
  [3 * h + 25 * m, '3h25m'],
  [7 * h + 59 * m, '7h59m'],
  [8 * h + 30 * m, '8h'],
  [47 * h, '47h'],
  [2 * d, '2d'],
  [2 * d + 3 * h, '2d3h'],
  [7 * d + 23 * h, '7d23h'],
  [8 * d + 5 * h, '8d'],
  [400 * d, '400d'],
  [730 * d, '2y'],
  [800 * d, '2y70d'],
  [8 * 365 * d, '8y'],
  [10 * 365 * d, '10y'],
];

for (const [duration, expected] of cases) {
  test(`humanDuration(${duration} ms) is ${expected}`, () => assert.equal(humanDuration(duration), expected));
}

test('since measures from a timestamp to now, and shows <unknown> without one', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  assert.equal(since('2025-03-01T11:55:00Z', now), '5m');
  assert.equal(since('2025-02-27T09:00:00Z', now), '2d3h');
  assert.equal(since(undefined, now), '<unknown>');
  assert.equal(since('not a time', now), '<unknown>');
});
