import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../util/errors.ts';
import { matchesLabelFilters, parseFilterTime, parseGoDuration } from './image-filters.ts';

test('parseGoDuration reads Go durations and nothing else', () => {
  assert.equal(parseGoDuration('90m'), 90 * 60_000);
  assert.equal(parseGoDuration('1h30m'), 90 * 60_000);
  assert.equal(parseGoDuration('1.5h'), 90 * 60_000);
  assert.equal(parseGoDuration('250ms'), 250);
  assert.equal(parseGoDuration('-2s'), -2000);
  assert.equal(parseGoDuration('0'), 0);
  for (const bad of ['', '10', 'h', '10d', '1h30', '2026-01-01']) assert.equal(parseGoDuration(bad), undefined, bad);
});

test('parseFilterTime: a duration before now, Unix seconds or an RFC 3339 date', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  assert.equal(parseFilterTime('24h', 'until', now), now - 86_400_000);
  assert.equal(parseFilterTime('1700000000', 'until', now), 1_700_000_000_000);
  assert.equal(parseFilterTime('1700000000.5', 'until', now), 1_700_000_000_500);
  assert.equal(parseFilterTime('2026-01-02T03:04:05Z', 'until', now), Date.parse('2026-01-02T03:04:05Z'));
  assert.equal(parseFilterTime('2026-01-02', 'until', now), Date.parse('2026-01-02'));
  assert.throws(() => parseFilterTime('yesterday', 'until', now), (err) => isMinatoError(err, 'InvalidArgument') && /filter 'until'.*"yesterday"/.test(err.message));
});

test('label filters: key, key=value, all must hold; negated none may hold', () => {
  const labels = { tier: 'web', 'org.example.team': 'blue' };
  assert.equal(matchesLabelFilters(labels, ['tier']), true);
  assert.equal(matchesLabelFilters(labels, ['tier=web', 'org.example.team=blue']), true);
  assert.equal(matchesLabelFilters(labels, ['tier=db']), false);
  assert.equal(matchesLabelFilters(undefined, ['tier']), false);
  assert.equal(matchesLabelFilters(labels, ['tier=db'], true), true);
  assert.equal(matchesLabelFilters(labels, ['tier'], true), false);
  assert.equal(matchesLabelFilters(labels, []), true);
});
