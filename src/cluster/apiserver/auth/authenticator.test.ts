// The authenticator over real TLS connections: the server side is configured as the API server
// will be (requestCert, rejectUnauthorized: false, ca), clients present various certificates and
// tokens, and the server answers with what the authenticator decided.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { startTlsServer, tempClusterPki, type RunningTlsServer, type TempPki } from '../../../../test/helpers/cluster-pki.ts';
import { generateEcKeyPem } from '../pki/keys.ts';
import { createCertificate } from '../pki/openssl.ts';
import { type Authentication, bearerToken, RequestAuthenticator } from './authenticator.ts';
import { ServiceAccountTokenAuthenticator, ServiceAccountTokenIssuer } from './service-account-token.ts';
import { parseTokenFile } from './token-file.ts';

interface ClientCert {
  cert: string;
  key: string;
}

describe('RequestAuthenticator', () => {
  let temp: TempPki;
  let server: RunningTlsServer;
  let authenticator: RequestAuthenticator;
  let strict: RequestAuthenticator;
  let issuer: ServiceAccountTokenIssuer;
  const certs: Record<'admin' | 'team' | 'otherCa' | 'servingAsClient', ClientCert> = {} as never;

  before(async () => {
    temp = await tempClusterPki();
    const { pki } = temp;
    const ca = { certPem: pki.caCertPem, keyPem: await fsp.readFile(pki.files.caKey, 'utf8') };
    const make = async (commonName: string, organizations: string[], signer: { certPem: string; keyPem: string }, usage: 'client' | 'server' | 'ca' = 'client') => {
      const key = await generateEcKeyPem();
      return { key, cert: await createCertificate({ commonName, organizations, usage, keyPem: key, days: 1, signer: usage === 'ca' ? undefined : signer }, temp.dataDir) };
    };
    const otherCa = await make('other-ca', [], ca, 'ca');
    certs.admin = { cert: pki.adminCertPem, key: pki.adminKeyPem };
    certs.team = await make('alice', ['developers', 'qa'], ca);
    certs.otherCa = await make('system:admin', ['system:masters'], { certPem: otherCa.cert, keyPem: otherCa.key });
    certs.servingAsClient = { cert: pki.servingCertPem, key: pki.servingKeyPem };

    issuer = new ServiceAccountTokenIssuer({ privateKeyPem: pki.serviceAccountPrivateKeyPem });
    const options = {
      tokens: parseTokenFile('static-token,bob,uid-bob,"ops,dev"\n'),
      serviceAccounts: new ServiceAccountTokenAuthenticator({
        publicKeyPems: [pki.serviceAccountPublicKeyPem],
        getter: { serviceAccount: (namespace, name) => (namespace === 'default' && name === 'ci' ? { uid: 'uid-ci' } : undefined) },
      }),
    };
    authenticator = new RequestAuthenticator(options);
    strict = new RequestAuthenticator({ ...options, anonymous: false });
    server = await startTlsServer(pki, (req, res) => {
      const chosen = req.headers['x-strict'] ? strict : authenticator;
      void chosen.authenticate({ headers: req.headers, socket: req.socket as TLSSocket }).then((authn) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(authn));
      });
    });
  });
  after(async () => {
    await server?.close();
    await temp?.cleanup();
  });

  function call(options: { client?: ClientCert; token?: string; strict?: boolean; requests?: number } = {}): Promise<Authentication> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.strict) headers['x-strict'] = '1';
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/api', ca: temp.pki.caCertPem, servername: 'localhost', headers, agent: false, ...(options.client ?? {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  test('the admin client certificate → system:admin in system:masters', async () => {
    assert.deepEqual(await call({ client: certs.admin }), { ok: true, method: 'x509', user: { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] } });
  });

  test('every O of a certificate is a group', async () => {
    assert.deepEqual(await call({ client: certs.team }), { ok: true, method: 'x509', user: { name: 'alice', groups: ['developers', 'qa', 'system:authenticated'] } });
  });

  test('a certificate from another CA is not a credential: 401, unless a token proves someone', async () => {
    const rejected = await call({ client: certs.otherCa });
    assert.equal(rejected.ok, false);
    assert.match(!rejected.ok ? rejected.reason : '', /client certificate not verified/);
    assert.deepEqual(await call({ client: certs.otherCa, token: 'static-token' }), {
      ok: true,
      method: 'token-file',
      user: { name: 'bob', uid: 'uid-bob', groups: ['ops', 'dev', 'system:authenticated'] },
    });
  });

  test('a serving certificate cannot pass as a client certificate', async () => {
    const result = await call({ client: certs.servingAsClient });
    assert.equal(result.ok, false);
    // OpenSSL already refuses it during the handshake (purpose sslclient); x509.ts checks again.
    assert.match(!result.ok ? result.reason : '', /client certificate not verified: INVALID_PURPOSE/);
  });

  test('bearer tokens: the static token file and service-account tokens', async () => {
    assert.equal((await call({ token: 'static-token' })).ok, true);
    const { token } = issuer.issue({ namespace: 'default', name: 'ci', uid: 'uid-ci' });
    const sa = await call({ token });
    assert.equal(sa.ok && sa.method, 'service-account-token');
    assert.deepEqual(sa.ok && sa.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
    // A token for a service account that does not exist (or not any more).
    const gone = await call({ token: issuer.issue({ namespace: 'default', name: 'deleted', uid: 'x' }).token });
    assert.deepEqual(gone, { ok: false, reason: 'invalid bearer token: service account default/deleted no longer exists' });
  });

  test('a token nobody knows → 401, not anonymous', async () => {
    assert.deepEqual(await call({ token: 'guess' }), { ok: false, reason: 'invalid bearer token' });
  });

  test('no credentials → system:anonymous in system:unauthenticated (or 401 with anonymous auth off)', async () => {
    assert.deepEqual(await call(), { ok: true, method: 'anonymous', user: { name: 'system:anonymous', groups: ['system:unauthenticated'] } });
    assert.deepEqual(await call({ strict: true }), { ok: false, reason: 'no credentials' });
    // The client certificate still counts with anonymous auth off.
    assert.equal((await call({ strict: true, client: certs.admin })).ok, true);
  });

  test('bearerToken reads the header as Kubernetes does', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('Basic YWxpY2U6c2VjcmV0'), undefined);
    assert.equal(bearerToken('Bearer '), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});
