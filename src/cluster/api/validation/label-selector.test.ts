import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLabels, formatLabelSelector, selectorMatches, selectorString, validateLabelSelector } from './label-selector.ts';

test('matchLabels and matchExpressions must all hold', () => {
  const selector = {
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['front', 'edge'] },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  };
  assert.equal(selectorMatches(selector, { app: 'web', tier: 'front' }), true);
  assert.equal(selectorMatches(selector, { app: 'web', tier: 'back' }), false);
  assert.equal(selectorMatches(selector, { app: 'web', tier: 'edge', canary: 'yes' }), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, {}), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, { env: '' }), true);
});

test('an empty selector selects everything, a missing one nothing', () => {
  assert.equal(selectorMatches({}, { any: 'thing' }), true);
  assert.equal(selectorMatches(undefined, { any: 'thing' }), false);
});

test('the selector text kubectl shows: sorted by key, values sorted', () => {
  const selector = {
    matchLabels: { tier: 'front', app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'zone', operator: 'Exists' },
      { key: 'team', operator: 'NotIn', values: ['x'] },
    ],
  };
  // Requirements sort by key; "!canary" sorts as canary.
  assert.equal(selectorString(selector), 'app=web,!canary,env in (dev,prod),team notin (x),tier=front,zone');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
});

test('selector validation: operators, values and keys', () => {
  const errors = validateLabelSelector(
    {
      matchLabels: { 'bad key': 'v' },
      matchExpressions: [
        { key: 'a', operator: 'In', values: [] },
        { key: 'b', operator: 'Exists', values: ['x'] },
        { key: 'c', operator: 'Equals' },
      ],
    },
    'spec.selector',
  );
  assert.deepEqual(
    errors.map((error) => `${error.field}: ${error.type}`),
    [
      'spec.selector.matchLabels: FieldValueInvalid',
      'spec.selector.matchExpressions[0].values: FieldValueRequired',
      'spec.selector.matchExpressions[1].values: FieldValueForbidden',
      'spec.selector.matchExpressions[2].operator: FieldValueInvalid',
    ],
  );
  assert.equal(errors[1]!.detail, "must be specified when `operator` is 'In' or 'NotIn'");
  assert.equal(errors[3]!.detail, 'not a valid selector operator');
});
