import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScope, mergeScopes, parseScope, parseScopeList, repositoryScope, scopeKey, scopesCover } from './scope.ts';

test('format and parse', () => {
  assert.equal(formatScope(repositoryScope('library/busybox', ['pull'])), 'repository:library/busybox:pull');
  assert.deepEqual(parseScope('repository:team/app:pull,push'), { type: 'repository', name: 'team/app', actions: ['pull', 'push'] });
  assert.deepEqual(parseScope('repository(plugin):vieux/sshfs:pull'), { type: 'repository(plugin)', name: 'vieux/sshfs', actions: ['pull'] });
  assert.deepEqual(parseScope('registry:catalog:*'), { type: 'registry', name: 'catalog', actions: ['*'] });
  // A name with a colon: actions start after the last one.
  assert.deepEqual(parseScope('repository:localhost:5000/x:pull'), { type: 'repository', name: 'localhost:5000/x', actions: ['pull'] });
});

test('bad scopes say what is wrong', () => {
  assert.throws(() => parseScope('repository'), /invalid scope "repository": want TYPE:NAME:ACTIONS/);
  assert.throws(() => parseScope('repository::pull'), /resource name is empty/);
  assert.deepEqual(parseScopeList('repository:a:pull nonsense repository:b:push'), [repositoryScope('a', ['pull']), repositoryScope('b', ['push'])]);
});

test('merging: one scope per resource, actions united and sorted, resources sorted', () => {
  const merged = mergeScopes([repositoryScope('b', ['push']), repositoryScope('a', ['pull']), repositoryScope('b', ['pull', 'push'])]);
  assert.deepEqual(merged.map(formatScope), ['repository:a:pull', 'repository:b:pull,push']);
  assert.equal(scopeKey([repositoryScope('b', ['push', 'pull'])]), scopeKey([repositoryScope('b', ['pull']), repositoryScope('b', ['push'])]));
});

test('coverage', () => {
  assert.ok(scopesCover([repositoryScope('a', ['pull', 'push'])], [repositoryScope('a', ['pull'])]));
  assert.ok(!scopesCover([repositoryScope('a', ['pull'])], [repositoryScope('a', ['push'])]));
  assert.ok(!scopesCover([repositoryScope('a', ['pull'])], [repositoryScope('b', ['pull'])]));
  assert.ok(scopesCover([repositoryScope('a', ['*'])], [repositoryScope('a', ['delete'])]));
});
