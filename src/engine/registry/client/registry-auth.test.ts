import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAuthConfig, credentialsOf, decodeRegistryAuthHeader, encodeRegistryAuthHeader } from './registry-auth.ts';

test('X-Registry-Auth as the docker CLI sends it', () => {
  assert.deepEqual(decodeRegistryAuthHeader('e30='), {});
  assert.deepEqual(decodeRegistryAuthHeader('e30'), {});
  assert.deepEqual(decodeRegistryAuthHeader(undefined), {});
  const header = Buffer.from(JSON.stringify({ username: 'alice', password: 'pa>>?ss', serveraddress: 'localhost:5000' })).toString('base64url');
  assert.match(header, /[-_]/, 'the example exercises the URL-safe alphabet');
  assert.deepEqual(decodeRegistryAuthHeader(header), { username: 'alice', password: 'pa>>?ss', serveraddress: 'localhost:5000' });
  assert.deepEqual(decodeRegistryAuthHeader(encodeRegistryAuthHeader({ identitytoken: 'tok' })), { identitytoken: 'tok' });
});

test('field names match case-insensitively; plain base64 works too', () => {
  const header = Buffer.from(JSON.stringify({ Username: 'bob', Password: 'x', ServerAddress: 'r' })).toString('base64');
  assert.deepEqual(decodeRegistryAuthHeader(header), { username: 'bob', password: 'x', serveraddress: 'r' });
});

test('malformed headers are refused with what is wrong', () => {
  assert.throws(() => decodeRegistryAuthHeader('not base64!'), /invalid X-Registry-Auth header: not base64url-encoded JSON/);
  assert.throws(() => decodeRegistryAuthHeader(Buffer.from('[1]').toString('base64url')), /invalid X-Registry-Auth header: want a JSON object/);
  assert.throws(() => decodeRegistryAuthHeader(Buffer.from('{"username":5}').toString('base64url')), /"username" must be a string/);
});

test('credentials from an AuthConfig: username/password, config.json auth, tokens', () => {
  assert.equal(credentialsOf({}), undefined);
  assert.equal(credentialsOf({ serveraddress: 'x' }), undefined);
  assert.deepEqual(credentialsOf({ username: 'a', password: 'b' }), { username: 'a', password: 'b' });
  assert.deepEqual(credentialsOf({ auth: Buffer.from('a:b:c').toString('base64') }), { username: 'a', password: 'b:c' });
  assert.deepEqual(credentialsOf({ identitytoken: 't' }), { identityToken: 't' });
  assert.throws(() => credentialsOf({ auth: Buffer.from('nocolon').toString('base64') }, 'config.json'), /config.json: "auth" is not base64 of USER:PASSWORD/);
  assert.throws(() => checkAuthConfig('x', 'request body'), /request body: want a JSON object/);
});
