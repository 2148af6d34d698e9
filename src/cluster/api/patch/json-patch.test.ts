import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import { applyJsonPatch } from './json-patch.ts';
import type { JsonValue } from './json-value.ts';
import { PatchError } from './patch-errors.ts';

// RFC 6902 Appendix A: target, patch and the resulting document (or an error), as the RFC gives them.
const rfcExamples: { name: string; doc: JsonValue; patch: JsonValue; result?: JsonValue; error?: RegExp }[] = [
  { name: 'A.1 adding an object member', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz', value: 'qux' }], result: { baz: 'qux', foo: 'bar' } },
  { name: 'A.2 adding an array element', doc: { foo: ['bar', 'baz'] }, patch: [{ op: 'add', path: '/foo/1', value: 'qux' }], result: { foo: ['bar', 'qux', 'baz'] } },
  { name: 'A.3 removing an object member', doc: { baz: 'qux', foo: 'bar' }, patch: [{ op: 'remove', path: '/baz' }], result: { foo: 'bar' } },
  { name: 'A.4 removing an array element', doc: { foo: ['bar', 'qux', 'baz'] }, patch: [{ op: 'remove', path: '/foo/1' }], result: { foo: ['bar', 'baz'] } },
  { name: 'A.5 replacing a value', doc: { baz: 'qux', foo: 'bar' }, patch: [{ op: 'replace', path: '/baz', value: 'boo' }], result: { baz: 'boo', foo: 'bar' } },
  {
    name: 'A.6 moving a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    result: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  { name: 'A.7 moving an array element', doc: { foo: ['all', 'grass', 'cows', 'eat'] }, patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }], result: { foo: ['all', 'cows', 'eat', 'grass'] } },
  {
    name: 'A.8 testing a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    result: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  { name: 'A.9 testing a value: error', doc: { baz: 'qux' }, patch: [{ op: 'test', path: '/baz', value: 'bar' }], error: /^testing value \/baz failed: test failed$/ },
  { name: 'A.10 adding a nested member object', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }], result: { foo: 'bar', child: { grandchild: {} } } },
  { name: 'A.11 ignoring unrecognized elements', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], result: { foo: 'bar', baz: 'qux' } },
  { name: 'A.12 adding to a nonexistent target', doc: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }], error: /^add operation does not apply: doc is missing path: "\/baz\/bat": missing value$/ },
  { name: 'A.14 ~ escape ordering', doc: { '/': 9, '~1': 10 }, patch: [{ op: 'test', path: '/~01', value: 10 }], result: { '/': 9, '~1': 10 } },
  { name: 'A.15 comparing strings and numbers', doc: { '/': 9, '~1': 10 }, patch: [{ op: 'test', path: '/~01', value: '10' }], error: /^testing value \/~01 failed/ },
  { name: 'A.16 adding an array value', doc: { foo: ['bar'] }, patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], result: { foo: ['bar', ['abc', 'def']] } },
];

for (const example of rfcExamples) {
  test(`RFC 6902 ${example.name}`, () => {
    if (example.error) {
      assert.throws(() => applyJsonPatch(example.doc, example.patch), (err: unknown) => isMinatoError(err) && example.error!.test(err.message));
    } else {
      assert.deepEqual(applyJsonPatch(example.doc, example.patch), example.result);
    }
  });
}

test('RFC 6902 A.13: a duplicated "op" is never treated as the first one (JSON keeps the last)', () => {
  const patch = JSON.parse('[{ "op": "add", "path": "/baz", "value": "qux", "op": "remove" }]') as JsonValue;
  assert.deepEqual(applyJsonPatch({ baz: 1, foo: 'bar' }, patch), { foo: 'bar' });
  assert.throws(() => applyJsonPatch({ foo: 'bar' }, patch), PatchError);
});

test('RFC 6902 section 5: a failing operation leaves nothing applied, and the input is untouched', () => {
  const doc = { a: { b: { c: 'C' } } };
  assert.throws(() =>
    applyJsonPatch(doc, [
      { op: 'replace', path: '/a/b/c', value: 42 },
      { op: 'test', path: '/a/b/c', value: 'C' },
    ]),
  );
  assert.deepEqual(doc, { a: { b: { c: 'C' } } });
});

test('kubectl rollout undo: replace /spec/template and /metadata/annotations', () => {
  const deployment = {
    metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox:2' }] } } },
  };
  const patch = [
    { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox:1' }] } } },
    { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } },
  ];
  assert.deepEqual(applyJsonPatch(deployment, patch), {
    metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox:1' }] } } },
  });
});

test('test failures: 422 with the generic Status message, the detail in the error message', () => {
  try {
    applyJsonPatch({ spec: { replicas: 2 } }, [{ op: 'test', path: '/spec/replicas', value: 3 }]);
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(err instanceof PatchError);
    assert.equal(err.kind, 'Invalid');
    assert.equal(err.httpStatus, 422);
    assert.equal(err.message, 'testing value /spec/replicas failed: test failed');
    assert.equal(err.status.message, 'the server rejected our request due to an error in our request');
    assert.equal(err.status.reason, 'Invalid');
  }
});

test('errors in evanphx/json-patch wording', () => {
  const cases: [JsonValue, JsonValue, string][] = [
    [{ a: 1 }, [{ op: 'remove', path: '/b' }], "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value"],
    [{ a: [1] }, [{ op: 'remove', path: '/a/5' }], "error in remove for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"],
    [{ a: [1] }, [{ op: 'add', path: '/a/3', value: 2 }], "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced"],
    [{ a: [1] }, [{ op: 'add', path: '/a/x', value: 2 }], "error in add for path: '/a/x': value was not a proper array index: 'x'"],
    [{ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }], 'replace operation does not apply: doc is missing key: /b: missing value'],
    [{ a: 1 }, [{ op: 'replace', path: '/b/c', value: 2 }], 'replace operation does not apply: doc is missing path: /b/c: missing value'],
    [{ a: 1 }, [{ op: 'move', from: '/b', path: '/c' }], "error in move for path: 'b': Unable to remove nonexistent key: b: missing value"],
    [{ a: 1 }, [{ op: 'move', from: '/b/c', path: '/c' }], 'move operation does not apply: doc is missing from path: /b/c: missing value'],
    [{ a: 1 }, [{ op: 'copy', from: '/b', path: '/c' }], 'copy operation does not apply: doc is missing from path: /b: missing value'],
    [{ a: 1 }, [{ op: 'test', path: '/b/c', value: 1 }], 'test operation does not apply: is missing path: /b/c: missing value'],
    [{ a: 1 }, [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
    [{ a: 1 }, [{ op: 'add', value: 1 }], 'add operation failed to decode path: operation missing path field: missing value'],
  ];
  for (const [doc, patch, message] of cases) {
    assert.throws(() => applyJsonPatch(doc, patch), (err: unknown) => err instanceof PatchError && err.message === message && err.httpStatus === 422, message);
  }
});

test('a body that is not a list of operations is a 400', () => {
  for (const patch of [{ op: 'add' }, 'x', null, [1]] as JsonValue[]) {
    assert.throws(() => applyJsonPatch({}, patch), (err: unknown) => err instanceof PatchError && err.httpStatus === 400);
  }
});

test('more than 10000 operations is a 413', () => {
  const patch = Array.from({ length: 10001 }, () => ({ op: 'test', path: '', value: {} }));
  assert.throws(() => applyJsonPatch({}, patch), (err: unknown) => err instanceof PatchError && err.httpStatus === 413 && err.status.reason === 'RequestEntityTooLarge');
});

test('pointers: escapes, the root, "-" only for add, no leading zeros', () => {
  assert.deepEqual(applyJsonPatch({ 'a/b': { '~c': 1 } }, [{ op: 'replace', path: '/a~1b/~0c', value: 2 }]), { 'a/b': { '~c': 2 } });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }]), { a: 1 });
  assert.throws(() => applyJsonPatch({ a: [1] }, [{ op: 'remove', path: '/a/-' }]), PatchError);
  assert.throws(() => applyJsonPatch({ a: [1, 2] }, [{ op: 'remove', path: '/a/01' }]), PatchError);
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'add', path: 'a', value: 1 }]), PatchError);
  // A numeric token on an object is a member name.
  assert.deepEqual(applyJsonPatch({ a: {} }, [{ op: 'add', path: '/a/0', value: 1 }]), { a: { '0': 1 } });
});

test('move into its own child is refused; copy does not alias', () => {
  assert.throws(() => applyJsonPatch({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }]), PatchError);
  const result = applyJsonPatch({ a: { b: [1] } }, [
    { op: 'copy', from: '/a', path: '/c' },
    { op: 'add', path: '/c/b/-', value: 2 },
  ]);
  assert.deepEqual(result, { a: { b: [1] }, c: { b: [1, 2] } });
});

test('test of a missing member against null passes, as in evanphx/json-patch', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/b', value: null }]), { a: 1 });
});

test('"__proto__" is an ordinary member name', () => {
  const result = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(result), Object.prototype);
  assert.deepEqual(Object.keys(result), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
