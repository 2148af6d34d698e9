import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../util/errors.ts';
import { checkSelectableFields, parseFieldSelector } from './field-selector.ts';
import { parseLabelSelector, structuredLabelSelector } from '../api/label-selector-query.ts';
import { statusOf } from './status.ts';

test('label selectors: equality, set-based, existence and comparisons, as kubectl -l sends them', () => {
  const labels = { app: 'web', tier: 'frontend', release: '3' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,tier=backend', false],
    ['app in (web, api)', true],
    ['tier notin (frontend)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['release>2', true],
    ['release<2', false],
    ['app in (web,api),tier=frontend', true],
  ];
  for (const [text, expected] of cases) assert.equal(parseLabelSelector(text).matches(labels), expected, text);
  assert.equal(parseLabelSelector('app in (web,api),!x').toString(), 'app in (web,api),!x');
});

test('malformed label selectors are 400s naming the problem', () => {
  for (const text of ['app=web,', 'bad key=x', 'app=in valid', 'release>x']) {
    assert.throws(() => parseLabelSelector(text), (err: unknown) => isMinatoError(err) && statusOf(err).code === 400 && /unable to parse requirement/.test(statusOf(err).message ?? ''), text);
  }
});

test('structured selectors: matchLabels and matchExpressions; an empty one matches everything', () => {
  const selector = structuredLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }] });
  assert.equal(selector.matches({ app: 'web', tier: 'a' }), true);
  assert.equal(selector.matches({ app: 'web', tier: 'a', canary: 'yes' }), false);
  assert.equal(selector.matches({ app: 'web', tier: 'c' }), false);
  assert.equal(structuredLabelSelector({}).matches({ anything: 'x' }), true);
});

test('field selectors: =, ==, != and escapes; exact() finds a pinned name', () => {
  const selector = parseFieldSelector('metadata.name=web,status.phase!=Running');
  assert.equal(selector.matches({ 'metadata.name': 'web', 'status.phase': 'Pending' }), true);
  assert.equal(selector.matches({ 'metadata.name': 'web', 'status.phase': 'Running' }), false);
  assert.equal(selector.exact('metadata.name'), 'web');
  assert.equal(parseFieldSelector('metadata.name==a\\,b').exact('metadata.name'), 'a,b');
  assert.throws(() => parseFieldSelector('nonsense'), /invalid selector/);
  assert.throws(() => checkSelectableFields(parseFieldSelector('spec.foo=1'), ['metadata.name', 'metadata.namespace']), /field label not supported: spec.foo/);
});
