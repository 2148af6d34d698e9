import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonValue } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';

// RFC 7386 Appendix A: original, patch and result, exactly as the RFC's table lists them.
const appendixA: [JsonValue, JsonValue, JsonValue][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

appendixA.forEach(([original, patch, result], index) => {
  test(`RFC 7386 Appendix A example ${index + 1}: ${JSON.stringify(original)} + ${JSON.stringify(patch)}`, () => {
    assert.deepEqual(applyMergePatch(original, patch), result);
  });
});

test('RFC 7386 section 3 example: the blog post', () => {
  const original = {
    title: 'Goodbye!',
    author: { givenName: 'John', familyName: 'Doe' },
    tags: ['example', 'sample'],
    content: 'This will be unchanged',
  };
  const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };
  assert.deepEqual(applyMergePatch(original, patch), {
    title: 'Hello!',
    author: { givenName: 'John' },
    tags: ['example'],
    content: 'This will be unchanged',
    phoneNumber: '+01-123-456-7890',
  });
});

test('kubectl label and scale: merge patches of metadata.labels and spec.replicas', () => {
  const deployment = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2 } };
  assert.deepEqual(applyMergePatch(deployment, { metadata: { labels: { tier: 'frontend' } } }), { metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' } }, spec: { replicas: 2 } });
  assert.deepEqual(applyMergePatch(deployment, { metadata: { labels: { app: null } } }), { metadata: { name: 'web', labels: {} }, spec: { replicas: 2 } });
  assert.deepEqual(applyMergePatch(deployment, { spec: { replicas: 5 } }), { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 5 } });
});

test('neither input is changed and the result shares nothing with them', () => {
  const original = { a: { b: [1] } };
  const patch = { c: { d: [2] } };
  const result = applyMergePatch(original, patch) as { a: { b: number[] }; c: { d: number[] } };
  result.a.b.push(9);
  result.c.d.push(9);
  assert.deepEqual(original, { a: { b: [1] } });
  assert.deepEqual(patch, { c: { d: [2] } });
});
