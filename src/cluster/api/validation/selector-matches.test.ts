import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectorMatches } from './label-selector.ts';

test('label selectors: matchLabels and each matchExpressions operator, ANDed', () => {
  const labels = { app: 'web', tier: 'frontend' };
  assert.equal(selectorMatches({}, labels), true, 'empty selector matches everything');
  assert.equal(selectorMatches({ matchLabels: { app: 'web' } }, labels), true);
  assert.equal(selectorMatches({ matchLabels: { app: 'web', tier: 'backend' } }, labels), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] }, labels), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, labels), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels), true, 'NotIn holds for a missing label');
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels), false);
  assert.equal(selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, labels), false, 'an unknown operator matches nothing');
  assert.equal(selectorMatches({ matchLabels: { app: 'web' } }, undefined), false);
});
