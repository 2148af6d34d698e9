import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { generateRsaKeyPem, publicKeyPemOf } from '../pki/keys.ts';
import { keyIdOf, signJwt } from './jwt.ts';
import { DEFAULT_ISSUER, type ObjectIdentity, ServiceAccountTokenAuthenticator, ServiceAccountTokenIssuer } from './service-account-token.ts';

describe('service-account tokens', () => {
  let keyPem: string;
  let otherKeyPem: string;
  let clock: Date;
  const now = () => clock;
  const accounts = new Map<string, ObjectIdentity>();
  const pods = new Map<string, ObjectIdentity>();
  let issuer: ServiceAccountTokenIssuer;
  let authenticator: ServiceAccountTokenAuthenticator;

  before(async () => {
    [keyPem, otherKeyPem] = await Promise.all([generateRsaKeyPem(), generateRsaKeyPem()]);
    clock = new Date('2026-03-01T12:00:00Z');
    issuer = new ServiceAccountTokenIssuer({ privateKeyPem: keyPem, now });
    authenticator = new ServiceAccountTokenAuthenticator({
      publicKeyPems: [publicKeyPemOf(keyPem)],
      getter: {
        serviceAccount: (namespace, name) => accounts.get(`${namespace}/${name}`),
        pod: async (namespace, name) => pods.get(`${namespace}/${name}`),
      },
      now,
    });
    accounts.set('default/builder', { uid: 'uid-builder' });
  });

  const issue = (extra: Partial<Parameters<ServiceAccountTokenIssuer['issue']>[0]> = {}) =>
    issuer.issue({ namespace: 'default', name: 'builder', uid: 'uid-builder', ...extra });

  test('issues a Kubernetes-shaped JWT', () => {
    const { token, expirationTimestamp } = issue();
    const [header, claims] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.deepEqual(header, { alg: 'RS256', kid: keyIdOf(createPrivateKey(keyPem)) });
    assert.equal(claims.iss, DEFAULT_ISSUER);
    assert.equal(claims.sub, 'system:serviceaccount:default:builder');
    assert.deepEqual(claims.aud, [DEFAULT_ISSUER]);
    assert.equal(claims.exp - claims.iat, 3600);
    assert.equal(claims.nbf, claims.iat);
    assert.match(claims.jti, /^[0-9a-f-]{36}$/);
    assert.deepEqual(claims['kubernetes.io'], { namespace: 'default', serviceaccount: { name: 'builder', uid: 'uid-builder' } });
    assert.equal(expirationTimestamp.getTime(), claims.exp * 1000);
  });

  test('a valid token authenticates as the service account', async () => {
    const { token } = issue();
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti;
    assert.deepEqual(await authenticator.authenticate(token), {
      kind: 'user',
      user: {
        name: 'system:serviceaccount:default:builder',
        uid: 'uid-builder',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default'],
        extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${jti}`] },
      },
    });
  });

  test('expired (beyond the 60 s leeway) → rejected', async () => {
    const { token } = issue({ expirationSeconds: 600 });
    clock = new Date(clock.getTime() + 630_000);
    try {
      assert.equal((await authenticator.authenticate(token)).kind, 'user', 'within the leeway');
      clock = new Date(clock.getTime() + 60_000);
      assert.deepEqual(await authenticator.authenticate(token), { kind: 'rejected', reason: 'token has expired' });
    } finally {
      clock = new Date('2026-03-01T12:00:00Z');
    }
  });

  test('not valid yet → rejected', async () => {
    const early = new ServiceAccountTokenIssuer({ privateKeyPem: keyPem, now: () => new Date(clock.getTime() + 3_600_000) });
    const { token } = early.issue({ namespace: 'default', name: 'builder', uid: 'uid-builder' });
    assert.deepEqual(await authenticator.authenticate(token), { kind: 'rejected', reason: 'token is not valid yet' });
  });

  test('signed by another key → rejected; tampered claims → rejected; alg none → rejected', async () => {
    const forged = new ServiceAccountTokenIssuer({ privateKeyPem: otherKeyPem, now }).issue({ namespace: 'default', name: 'builder', uid: 'uid-builder' });
    assert.deepEqual(await authenticator.authenticate(forged.token), { kind: 'rejected', reason: 'invalid signature' });

    const [header, claims, signature] = issue().token.split('.') as [string, string, string];
    const changed = JSON.parse(Buffer.from(claims, 'base64url').toString());
    changed['kubernetes.io'].namespace = 'kube-system';
    changed.sub = 'system:serviceaccount:kube-system:builder';
    const tampered = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    assert.deepEqual(await authenticator.authenticate(tampered), { kind: 'rejected', reason: 'invalid signature' });

    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${claims}.`;
    assert.deepEqual(await authenticator.authenticate(none), { kind: 'rejected', reason: 'unsupported JWT algorithm "none"' });
  });

  test('another audience → rejected; a server that accepts that audience takes it', async () => {
    const { token } = issue({ audiences: ['vault'] });
    assert.deepEqual(await authenticator.authenticate(token), { kind: 'rejected', reason: 'token audiences do not include this server' });
    const vaultSide = new ServiceAccountTokenAuthenticator({
      publicKeyPems: [publicKeyPemOf(keyPem)],
      audiences: ['vault'],
      getter: { serviceAccount: (ns, name) => accounts.get(`${ns}/${name}`) },
      now,
    });
    assert.equal((await vaultSide.authenticate(token)).kind, 'user');
  });

  test('deleted service account → rejected; recreated (new uid) → rejected', async () => {
    accounts.set('default/temp', { uid: 'uid-1' });
    const { token } = issuer.issue({ namespace: 'default', name: 'temp', uid: 'uid-1' });
    assert.equal((await authenticator.authenticate(token)).kind, 'user');
    accounts.delete('default/temp');
    assert.deepEqual(await authenticator.authenticate(token), { kind: 'rejected', reason: 'service account default/temp no longer exists' });
    accounts.set('default/temp', { uid: 'uid-2' });
    assert.deepEqual(await authenticator.authenticate(token), { kind: 'rejected', reason: 'service account default/temp has uid uid-2, the token names uid-1' });
    accounts.set('default/temp', { uid: 'uid-1', deletionTimestamp: new Date(clock.getTime() - 120_000).toISOString() });
    assert.deepEqual(await authenticator.authenticate(token), { kind: 'rejected', reason: 'service account default/temp is being deleted' });
  });

  test('a pod-bound token lives as long as its pod', async () => {
    pods.set('default/web-0', { uid: 'pod-uid' });
    const { token } = issue({ boundObject: { kind: 'Pod', name: 'web-0', uid: 'pod-uid' } });
    const result = await authenticator.authenticate(token);
    assert.equal(result.kind, 'user');
    assert.deepEqual(result.kind === 'user' && result.user.extra?.['authentication.kubernetes.io/pod-name'], ['web-0']);
    assert.deepEqual(result.kind === 'user' && result.user.extra?.['authentication.kubernetes.io/pod-uid'], ['pod-uid']);
    pods.delete('default/web-0');
    assert.deepEqual(await authenticator.authenticate(token), { kind: 'rejected', reason: 'pod default/web-0 no longer exists' });
    // A server that cannot look pods up refuses pod-bound tokens rather than trusting them.
    const noPods = new ServiceAccountTokenAuthenticator({ publicKeyPems: [publicKeyPemOf(keyPem)], getter: { serviceAccount: (ns, n) => accounts.get(`${ns}/${n}`) }, now });
    assert.deepEqual(await noPods.authenticate(token), { kind: 'rejected', reason: 'token is bound to a pod, which this server cannot check' });
  });

  test("k3s' issuer is accepted; a foreign issuer or a non-JWT is not this authenticator's", async () => {
    const k3s = new ServiceAccountTokenIssuer({ privateKeyPem: keyPem, issuer: 'k3s', apiAudiences: [DEFAULT_ISSUER], now });
    assert.equal((await authenticator.authenticate(k3s.issue({ namespace: 'default', name: 'builder', uid: 'uid-builder' }).token)).kind, 'user');
    const foreign = signJwt({ iss: 'https://accounts.example.com', sub: 'x', aud: [DEFAULT_ISSUER], exp: 9e9 }, createPrivateKey(keyPem));
    assert.deepEqual(await authenticator.authenticate(foreign), { kind: 'none' });
    assert.deepEqual(await authenticator.authenticate('plain-static-token'), { kind: 'none' });
  });

  test('claims that disagree (sub vs kubernetes.io) → rejected even when signed', async () => {
    const iat = Math.floor(clock.getTime() / 1000);
    const odd = signJwt(
      { iss: DEFAULT_ISSUER, aud: [DEFAULT_ISSUER], iat, nbf: iat, exp: iat + 600, sub: 'system:serviceaccount:kube-system:admin', 'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'builder', uid: 'uid-builder' } } },
      createPrivateKey(keyPem),
    );
    assert.deepEqual(await authenticator.authenticate(odd), { kind: 'rejected', reason: 'token subject does not match its service account' });
  });
});
