import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Secret } from 'kubernetes-types/core/v1.js';
import { bootstrapTokenGroups, bootstrapTokenSecret, generateBootstrapToken, parseBootstrapToken } from '../../api/bootstrap-token.ts';
import { RequestAuthenticator } from './authenticator.ts';
import { BootstrapTokenAuthenticator } from './bootstrap-token.ts';

const token = 'abcdef.0123456789abcdef';
const now = new Date('2026-06-01T00:00:00Z');

function authenticatorFor(secrets: Secret[]) {
  return new BootstrapTokenAuthenticator((name) => secrets.find((secret) => secret.metadata?.name === name), () => now);
}

test('token format: [a-z0-9]{6}.[a-z0-9]{16}, nothing else', () => {
  assert.deepEqual(parseBootstrapToken(token), { id: 'abcdef', secret: '0123456789abcdef' });
  for (const bad of ['ABCDEF.0123456789abcdef', 'abcde.0123456789abcdef', 'abcdef.0123456789abcde', 'abcdef-0123456789abcdef', 'abcdef.0123456789abcdef\n', '']) {
    assert.equal(parseBootstrapToken(bad), undefined, JSON.stringify(bad));
  }
  for (let i = 0; i < 20; i++) assert.ok(parseBootstrapToken(generateBootstrapToken()));
});

test('groups: system:bootstrappers plus valid extra groups, sorted and unique; others refused', () => {
  assert.deepEqual(bootstrapTokenGroups(undefined), ['system:bootstrappers']);
  assert.deepEqual(bootstrapTokenGroups('system:bootstrappers:b, system:bootstrappers:a,system:bootstrappers:a'), ['system:bootstrappers', 'system:bootstrappers:a', 'system:bootstrappers:b']);
  assert.throws(() => bootstrapTokenGroups('system:masters'), /system:masters/);
});

test('a valid token: user system:bootstrap:<id>, its groups', async () => {
  const secret = bootstrapTokenSecret({ token, expires: new Date('2026-06-02T00:00:00Z'), extraGroups: ['system:bootstrappers:kubeadm:default-node-token'] });
  assert.equal(secret.metadata?.name, 'bootstrap-token-abcdef');
  assert.equal(Buffer.from(secret.data!.expiration!, 'base64').toString(), '2026-06-02T00:00:00Z');
  assert.deepEqual(await authenticatorFor([secret]).authenticate(token), {
    kind: 'user',
    user: { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token'] },
  });
});

test('not a bootstrap token: none (left to the other authenticators)', async () => {
  assert.deepEqual(await authenticatorFor([]).authenticate('eyJhbGciOi.not-this-kind'), { kind: 'none' });
});

test('rejected: wrong secret, no Secret, wrong type, expired, unparseable expiration, not for authentication, bad extra group, being deleted', async () => {
  const base = () => bootstrapTokenSecret({ token });
  const set = (secret: Secret, key: string, value: string) => {
    secret.data![key] = Buffer.from(value).toString('base64');
    return secret;
  };
  const cases: [string, Secret[], string, RegExp][] = [
    ['wrong secret', [base()], 'abcdef.ffffffffffffffff', /invalid value for key token-secret/],
    ['no Secret', [], token, /does not exist/],
    ['wrong type', [{ ...base(), type: 'Opaque' }], token, /invalid type/],
    ['expired', [set(base(), 'expiration', '2026-05-31T23:59:59Z')], token, /expired at 2026-05-31T23:59:59Z/],
    ['unparseable expiration', [set(base(), 'expiration', 'tomorrow')], token, /unparseable expiration/],
    ['not for authentication', [set(base(), 'usage-bootstrap-authentication', 'false')], token, /usage-bootstrap-authentication=true/],
    ['bad extra group', [set(base(), 'auth-extra-groups', 'system:masters')], token, /auth-extra-groups/],
    ['id mismatch', [set(base(), 'token-id', 'zzzzzz')], token, /invalid value for key token-id/],
    ['being deleted', [{ ...base(), metadata: { ...base().metadata, deletionTimestamp: '2026-05-01T00:00:00Z' } }], token, /deleted/],
  ];
  for (const [what, secrets, presented, reason] of cases) {
    const result = await authenticatorFor(secrets).authenticate(presented);
    assert.equal(result.kind, 'rejected', what);
    assert.match((result as { reason: string }).reason, reason, what);
  }
});

test('in the request chain: a valid token is a user in system:authenticated; a bad one is a 401, never anonymous', async () => {
  const chain = new RequestAuthenticator({ bootstrapTokens: authenticatorFor([bootstrapTokenSecret({ token })]) });
  const ok = await chain.authenticate({ headers: { authorization: `Bearer ${token}` } });
  assert.deepEqual(ok, { ok: true, method: 'bootstrap-token', user: { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] } });
  const bad = await chain.authenticate({ headers: { authorization: 'Bearer abcdef.ffffffffffffffff' } });
  assert.equal(bad.ok, false);
});
