import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUntoleratedTaint, toleratesTaint } from './taints.ts';

describe('tolerations', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

  it('tolerates with an equal key, value and effect (operator Equal or empty)', () => {
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, taint), true);
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu' }, taint), true, 'an empty effect matches every effect');
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'cpu', effect: 'NoSchedule' }, taint), false);
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, taint), false);
  });

  it('tolerates any value with Exists, and any taint with an empty key and Exists', () => {
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint), true);
    assert.equal(toleratesTaint({ operator: 'Exists' }, taint), true);
    assert.equal(toleratesTaint({ key: 'other', operator: 'Exists' }, taint), false);
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Bogus', value: 'gpu' }, taint), false);
  });

  it('finds the first untolerated taint in node order', () => {
    const taints = [
      { key: 'a', effect: 'NoSchedule' },
      { key: 'b', value: 'x', effect: 'NoExecute' },
    ];
    assert.equal(findUntoleratedTaint(taints, [])?.key, 'a');
    assert.equal(findUntoleratedTaint(taints, [{ key: 'a', operator: 'Exists' }])?.key, 'b');
    assert.equal(findUntoleratedTaint(taints, [{ key: 'a', operator: 'Exists' }, { key: 'b', value: 'x' }]), undefined);
  });
});
