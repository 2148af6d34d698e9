// The facade as the API server drives it: authenticate, then authorize, then (on a denial) 401
// for an anonymous user and 403 with the Kubernetes message for an authenticated one.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import { generateRsaKeyPem, publicKeyPemOf } from '../pki/keys.ts';
import type { RequestAttributes } from './attributes.ts';
import { ClusterAuth } from './cluster-auth.ts';
import { bootstrapRbacObjects } from './rbac/bootstrap-policy.ts';
import { RbacCache } from './rbac/source.ts';
import { parseTokenFile } from './token-file.ts';
import type { UserInfo } from './user.ts';

const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

describe('ClusterAuth', () => {
  let auth: ClusterAuth;

  before(async () => {
    const key = await generateRsaKeyPem();
    const { clusterRoles, clusterRoleBindings } = bootstrapRbacObjects();
    auth = new ClusterAuth(
      {
        pki: { serviceAccountPrivateKeyPem: key, serviceAccountPublicKeyPem: publicKeyPemOf(key) },
        rbac: new RbacCache([...clusterRoles, ...clusterRoleBindings]),
        serviceAccounts: { serviceAccount: (ns, name) => (ns === 'default' && name === 'default' ? { uid: 'sa-uid' } : undefined) },
      },
      parseTokenFile('admin-token,ops,1,system:masters\nalice-token,alice,2\n'),
    );
  });

  /** What ApiServer.handle does with the two hooks; returns the HTTP status it would answer. */
  async function serve(attributes: RequestAttributes, token?: string): Promise<{ code: number; message?: string; user?: string }> {
    let authenticated: UserInfo | undefined;
    try {
      authenticated = await auth.authenticate({ headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch (err) {
      assert.ok(isMinatoError(err, 'Unauthorized'));
      return { code: (err.details?.kubeStatus as { code: number }).code };
    }
    const user = authenticated ?? anonymous;
    const decision = auth.authorize(user, attributes);
    if (!decision.allowed) return authenticated ? { code: 403, message: decision.reason } : { code: 401 };
    return { code: 200, user: user.name };
  }

  const version: RequestAttributes = { verb: 'get', path: '/version' };
  const pods: RequestAttributes = { verb: 'list', group: '', version: 'v1', resource: 'pods', namespace: 'default' };

  test('system:masters: allowed', async () => {
    assert.deepEqual(await serve(pods, 'admin-token'), { code: 200, user: 'ops' });
  });

  test('anonymous: /version allowed, /api and pods 401', async () => {
    assert.deepEqual(await serve(version), { code: 200, user: 'system:anonymous' });
    assert.deepEqual(await serve({ verb: 'get', path: '/api' }), { code: 401 });
    assert.deepEqual(await serve(pods), { code: 401 });
  });

  test('a bad token: 401, even for /version', async () => {
    assert.deepEqual(await serve(version, 'wrong'), { code: 401 });
  });

  test('an authenticated user without a grant: discovery allowed, pods 403 with the Kubernetes message and Status', async () => {
    assert.deepEqual(await serve({ verb: 'get', path: '/apis' }, 'alice-token'), { code: 200, user: 'alice' });
    assert.deepEqual(await serve(pods, 'alice-token'), {
      code: 403,
      message: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    });
    const decision = auth.authorize({ name: 'alice', groups: ['system:authenticated'] }, { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'd', name: 'web' });
    assert.deepEqual(decision.status?.details, { name: 'web', group: 'apps', kind: 'deployments' });
    assert.equal(decision.status?.code, 403);
  });

  test('service-account tokens it issues authenticate, and RBAC applies to them', async () => {
    const { token } = auth.issueServiceAccountToken({ namespace: 'default', name: 'default', uid: 'sa-uid', expirationSeconds: 600 });
    assert.deepEqual(await serve({ verb: 'get', path: '/.well-known/openid-configuration' }, token), { code: 200, user: 'system:serviceaccount:default:default' });
    assert.equal((await serve(pods, token)).code, 403);
    const other = auth.issueServiceAccountToken({ namespace: 'default', name: 'ghost', uid: 'x' });
    assert.deepEqual(await serve(version, other.token), { code: 401 });
  });
});
