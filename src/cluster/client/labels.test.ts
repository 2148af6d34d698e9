import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatLabelSelector, labelSelectorMatcher, parseLabelSelector } from './labels.ts';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', n: '5' };

  test('the text grammar', () => {
    const cases: [string, boolean][] = [
      ['', true],
      ['app', true],
      ['!app', false],
      ['!missing', true],
      ['app=web', true],
      ['app==web', true],
      ['app!=web', false],
      ['missing!=x', true],
      ['app in (db, web)', true],
      ['app notin (db,web)', false],
      ['missing notin (a)', true],
      ['app=web,tier=back', false],
      ['app=web, tier in (front,back)', true],
      ['n>4', true],
      ['n<5', false],
      ['app>1', false],
    ];
    for (const [text, expected] of cases) assert.equal(parseLabelSelector(text).matches(labels), expected, text);
    assert.equal(parseLabelSelector('').empty, true);
    assert.equal(parseLabelSelector('app in (a,b),!x').toString(), 'app in (a,b),!x');
    assert.equal(parseLabelSelector('a=b').matches(undefined), false);
  });

  test('malformed text is an error naming the selector', () => {
    assert.throws(() => parseLabelSelector('a=b,'), /label selector "a=b,": unable to parse requirement/);
    assert.throws(() => parseLabelSelector('n>x'), /must be an integer/);
    assert.throws(() => parseLabelSelector('a b'), /label selector "a b": /);
  });

  test('metav1.LabelSelector: matchLabels and matchExpressions; {} matches all, undefined nothing', () => {
    const selector = { matchLabels: { tier: 'front', app: 'web' }, matchExpressions: [{ key: 'n', operator: 'In', values: ['6', '5'] }, { key: 'gone', operator: 'DoesNotExist' }] };
    assert.equal(labelSelectorMatcher(selector).matches(labels), true);
    assert.equal(labelSelectorMatcher({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }).matches(labels), false);
    assert.equal(labelSelectorMatcher({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }).matches(labels), true);
    assert.equal(formatLabelSelector(selector), 'app=web,tier=front,n in (5,6),!gone');
    assert.equal(labelSelectorMatcher({}).matches({}), true);
    assert.equal(labelSelectorMatcher({}).empty, true);
    assert.equal(labelSelectorMatcher(undefined).matches(labels), false);
    assert.throws(() => labelSelectorMatcher({ matchExpressions: [{ key: 'a', operator: 'In' }] }), /a In needs values/);
    assert.throws(() => labelSelectorMatcher({ matchExpressions: [{ key: 'a', operator: 'Near' }] }), /unknown operator "Near"/);
  });

  test('the formatted text parses back to the same selector', () => {
    const selector = { matchLabels: { 'example.com/role': 'x' }, matchExpressions: [{ key: 'k', operator: 'NotIn', values: ['a', 'b'] }] };
    const text = formatLabelSelector(selector);
    for (const candidate of [{ 'example.com/role': 'x' }, { 'example.com/role': 'x', k: 'a' }, { k: 'c' }] as Record<string, string>[]) {
      assert.equal(parseLabelSelector(text).matches(candidate), labelSelectorMatcher(selector).matches(candidate), JSON.stringify(candidate));
    }
  });
});
