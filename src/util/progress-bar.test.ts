import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressBarText } from './progress-bar.ts';

test('a transfer with a known total: bar, then current/total with four significant digits', () => {
  assert.equal(progressBarText({ current: 1_200_000, total: 3_000_000 }), `[====================>${' '.repeat(30)}]    1.2MB/3MB`);
  assert.equal(progressBarText({ current: 1_048_576, total: 2_829_000 }), `[==================>${' '.repeat(32)}]  1.049MB/2.829MB`);
});

test('complete and empty transfers', () => {
  assert.equal(progressBarText({ current: 2_829_000, total: 2_829_000 }), `[${'='.repeat(50)}>]  2.829MB/2.829MB`);
  assert.equal(progressBarText({ current: 0, total: 500 }), `[>${' '.repeat(50)}]       0B/500B`);
  assert.equal(progressBarText({}), '');
  assert.equal(progressBarText(undefined), '');
});

test('an unknown total shows the amount only; a current beyond the total drops the total', () => {
  assert.equal(progressBarText({ current: 5_500 }), '   5.5kB');
  assert.equal(progressBarText({ current: 2_000, total: 1_000 }), `[${'='.repeat(50)}>]      2kB`);
});

test('terminals narrower than 111 columns get the counts without the bar', () => {
  assert.equal(progressBarText({ current: 1_200_000, total: 3_000_000 }, 80), '   1.2MB/3MB');
  assert.equal(progressBarText({ current: 1_200_000, total: 3_000_000 }, 111).startsWith('[='), true);
});
