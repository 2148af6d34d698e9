import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chainIds } from './chain-id.ts';
import type { Digest } from '../../util/digest.ts';

test('chain ID of the first layer is its diff ID; later ones hash "parent child" (image-spec)', () => {
  const a = `sha256:${'a'.repeat(64)}` as Digest;
  const b = `sha256:${'b'.repeat(64)}` as Digest;
  const c = `sha256:${'c'.repeat(64)}` as Digest;
  const ab = `sha256:${createHash('sha256').update(`${a} ${b}`).digest('hex')}`;
  const abc = `sha256:${createHash('sha256').update(`${ab} ${c}`).digest('hex')}`;
  assert.deepEqual(chainIds([a, b, c]), [a, ab, abc]);
  assert.deepEqual(chainIds([]), []);
});
