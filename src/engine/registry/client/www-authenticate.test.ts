import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWwwAuthenticate } from './www-authenticate.ts';

test("Docker Hub's bearer challenge", () => {
  assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"'), [
    { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull' } },
  ]);
});

test('an insufficient_scope refusal names the error and several scopes', () => {
  const [challenge] = parseWwwAuthenticate('Bearer realm="http://127.0.0.1:5001/token", service="test", scope="repository:a:pull repository:b:pull,push", error="insufficient_scope"');
  assert.equal(challenge?.params.error, 'insufficient_scope');
  assert.equal(challenge?.params.scope, 'repository:a:pull repository:b:pull,push');
});

test('basic, case-insensitive scheme and names, unquoted values', () => {
  assert.deepEqual(parseWwwAuthenticate('BASIC Realm=basic-realm'), [{ scheme: 'basic', params: { realm: 'basic-realm' } }]);
});

test('several challenges in one header and across headers', () => {
  const challenges = parseWwwAuthenticate(['Basic realm="a", Bearer realm="https://x/token",service="y"', 'Negotiate abc123==']);
  assert.deepEqual(
    challenges.map((challenge) => challenge.scheme),
    ['basic', 'bearer', 'negotiate'],
  );
  assert.equal(challenges[1]?.params.service, 'y');
  assert.equal(challenges[2]?.params.token68, 'abc123==');
});

test('quoted strings keep commas and escaped quotes', () => {
  const [challenge] = parseWwwAuthenticate('Bearer realm="https://x/token?a=1,b=2",error_description="say \\"hi\\""');
  assert.equal(challenge?.params.realm, 'https://x/token?a=1,b=2');
  assert.equal(challenge?.params.error_description, 'say "hi"');
});

test('nothing and garbage', () => {
  assert.deepEqual(parseWwwAuthenticate(undefined), []);
  assert.deepEqual(parseWwwAuthenticate(''), []);
  assert.deepEqual(parseWwwAuthenticate('  ,  '), []);
});
