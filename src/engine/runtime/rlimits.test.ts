import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcLimits } from './rlimits.ts';

test('reads soft and hard limits from /proc/<pid>/limits text, unlimited as the largest number', () => {
  const text = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             96364                unlimited            processes ',
    'Max open files            1024                 20000                files     ',
  ].join('\n');
  const limits = parseProcLimits(text);
  assert.deepEqual(limits.get('RLIMIT_NOFILE'), { soft: 1024, hard: 20000 });
  assert.deepEqual(limits.get('RLIMIT_NPROC'), { soft: 96364, hard: Number.MAX_SAFE_INTEGER });
});
