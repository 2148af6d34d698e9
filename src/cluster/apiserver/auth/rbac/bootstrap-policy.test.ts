import assert from 'node:assert/strict';
import type { RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { describe, test } from 'node:test';
import type { RequestAttributes } from '../attributes.ts';
import { createAuthorizer } from '../authorizer.ts';
import { anonymousUser, type UserInfo } from '../user.ts';
import { aggregatedRules } from './aggregation.ts';
import { RbacAuthorizer } from './authorizer.ts';
import { bootstrapRbacObjects } from './bootstrap-policy.ts';
import { RbacCache } from './source.ts';

const { clusterRoles, clusterRoleBindings } = bootstrapRbacObjects();
const bindIn = (namespace: string, roleName: string, userName: string): RoleBinding => ({
  kind: 'RoleBinding',
  metadata: { namespace, name: `${userName}-${roleName}` },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: userName }],
});
const cache = new RbacCache([...clusterRoles, ...clusterRoleBindings, bindIn('dev', 'view', 'vic'), bindIn('dev', 'edit', 'eve'), bindIn('dev', 'admin', 'ada')]);
const authorizer = createAuthorizer(cache);

const authenticated = (name: string): UserInfo => ({ name, groups: ['system:authenticated'] });
const master: UserInfo = { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] };
const nobody = authenticated('nobody');
const anonymous = anonymousUser();
const get = (path: string): RequestAttributes => ({ verb: 'get', path });
const res = (verb: string, group: string, resource: string, namespace?: string, subresource?: string): RequestAttributes => ({
  verb,
  group,
  resource,
  ...(namespace ? { namespace } : {}),
  ...(subresource ? { subresource } : {}),
});
const allowed = (user: UserInfo, attributes: RequestAttributes) => authorizer.authorize(user, attributes).allowed;

describe('bootstrap policy', () => {
  test('the objects carry the bootstrapping label and the autoupdate annotation', () => {
    for (const object of [...clusterRoles, ...clusterRoleBindings]) {
      assert.equal(object.metadata?.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults', object.metadata?.name);
      assert.equal(object.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate'], 'true', object.metadata?.name);
      assert.equal(object.apiVersion, 'rbac.authorization.k8s.io/v1');
    }
    const names = clusterRoles.map((r) => r.metadata?.name);
    for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']) assert.ok(names.includes(name), name);
    const bindings = Object.fromEntries(clusterRoleBindings.map((b) => [b.metadata!.name!, b.subjects!.map((s) => `${s.kind}:${s.name}`)]));
    assert.deepEqual(bindings['cluster-admin'], ['Group:system:masters']);
    assert.deepEqual(bindings['system:discovery'], ['Group:system:authenticated']);
    assert.deepEqual(bindings['system:basic-user'], ['Group:system:authenticated']);
    assert.deepEqual(bindings['system:public-info-viewer'], ['Group:system:authenticated', 'Group:system:unauthenticated']);
  });

  test('admin, edit and view aggregate through their labels, and come with the aggregated rules filled in', () => {
    const byName = Object.fromEntries(clusterRoles.map((r) => [r.metadata!.name!, r]));
    assert.deepEqual(byName.admin!.aggregationRule, { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }] });
    assert.equal(byName.edit!.metadata?.labels?.['rbac.authorization.k8s.io/aggregate-to-admin'], 'true');
    assert.equal(byName.view!.metadata?.labels?.['rbac.authorization.k8s.io/aggregate-to-edit'], 'true');
    for (const name of ['admin', 'edit', 'view']) {
      assert.deepEqual(byName[name]!.rules, aggregatedRules(byName[name]!, { clusterRoles: () => clusterRoles }), name);
    }
    // admin ⊇ edit ⊇ view.
    assert.ok(byName.view!.rules!.every((rule) => byName.edit!.rules!.some((r) => JSON.stringify(r) === JSON.stringify(rule))));
    assert.ok(byName.edit!.rules!.every((rule) => byName.admin!.rules!.some((r) => JSON.stringify(r) === JSON.stringify(rule))));
  });

  test('system:masters can do anything, through the cluster-admin binding too', () => {
    for (const attributes of [res('delete', '', 'nodes'), res('create', 'apps', 'deployments', 'x'), res('escalate', 'rbac.authorization.k8s.io', 'clusterroles'), get('/metrics'), { verb: 'post', path: '/anything' }]) {
      assert.equal(allowed(master, attributes), true, JSON.stringify(attributes));
    }
    assert.equal(
      new RbacAuthorizer(cache).authorize(master, res('list', '', 'secrets')).reason,
      'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    );
    // Even without the binding: system:masters does not depend on RBAC objects.
    assert.equal(createAuthorizer(new RbacCache()).authorize(master, res('list', '', 'pods', 'x')).allowed, true);
  });

  test('an authenticated nobody may discover the API and learn about itself, not list pods', () => {
    for (const path of ['/version', '/api', '/api/v1', '/apis', '/apis/apps/v1', '/healthz', '/readyz', '/livez', '/openapi/v2']) assert.equal(allowed(nobody, get(path)), true, path);
    assert.equal(allowed(nobody, res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews')), true);
    assert.equal(allowed(nobody, res('create', 'authentication.k8s.io', 'selfsubjectreviews')), true);
    assert.equal(allowed(nobody, res('list', '', 'pods', 'default')), false);
    assert.equal(allowed(nobody, res('list', '', 'namespaces')), false);
    assert.equal(allowed(nobody, get('/metrics')), false);
    assert.equal(allowed(nobody, { verb: 'post', path: '/api' }), false);
  });

  test('anonymous may read /version and the health endpoints, nothing else', () => {
    for (const path of ['/version', '/version/', '/healthz', '/livez', '/readyz']) assert.equal(allowed(anonymous, get(path)), true, path);
    for (const path of ['/api', '/apis', '/openapi/v2', '/metrics']) assert.equal(allowed(anonymous, get(path)), false, path);
    assert.equal(allowed(anonymous, res('list', '', 'pods', 'default')), false);
    assert.equal(allowed(anonymous, res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews')), false);
  });

  test('service accounts may read the OIDC discovery documents', () => {
    const sa: UserInfo = { name: 'system:serviceaccount:default:x', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] };
    assert.equal(allowed(sa, get('/.well-known/openid-configuration')), true);
    assert.equal(allowed(nobody, get('/.well-known/openid-configuration')), false);
  });

  test('view, edit and admin bound in a namespace grant what Kubernetes grants, there only', () => {
    const vic = authenticated('vic');
    const eve = authenticated('eve');
    const ada = authenticated('ada');
    // view: read workloads, not secrets, not writes.
    assert.equal(allowed(vic, res('list', '', 'pods', 'dev')), true);
    assert.equal(allowed(vic, res('get', 'apps', 'deployments', 'dev')), true);
    assert.equal(allowed(vic, res('get', '', 'pods', 'dev', 'log')), true);
    assert.equal(allowed(vic, res('list', '', 'secrets', 'dev')), false);
    assert.equal(allowed(vic, res('create', '', 'pods', 'dev')), false);
    assert.equal(allowed(vic, res('list', '', 'pods', 'prod')), false);
    // edit: view plus writes, secrets and exec; no RBAC.
    assert.equal(allowed(eve, res('create', 'apps', 'deployments', 'dev')), true);
    assert.equal(allowed(eve, res('patch', 'apps', 'deployments', 'dev', 'scale')), true);
    assert.equal(allowed(eve, res('create', '', 'pods', 'dev', 'exec')), true);
    assert.equal(allowed(eve, res('get', '', 'secrets', 'dev')), true);
    assert.equal(allowed(eve, res('list', '', 'pods', 'dev')), true, 'edit includes view');
    assert.equal(allowed(eve, res('create', 'rbac.authorization.k8s.io', 'rolebindings', 'dev')), false);
    assert.equal(allowed(eve, res('update', '', 'resourcequotas', 'dev')), false);
    // admin: edit plus roles and bindings in the namespace; nothing cluster-wide.
    assert.equal(allowed(ada, res('create', 'rbac.authorization.k8s.io', 'rolebindings', 'dev')), true);
    assert.equal(allowed(ada, res('delete', 'apps', 'deployments', 'dev')), true);
    assert.equal(allowed(ada, res('list', '', 'pods', 'dev')), true, 'admin includes view');
    assert.equal(allowed(ada, res('list', '', 'nodes')), false);
    assert.equal(allowed(ada, res('create', 'rbac.authorization.k8s.io', 'rolebindings', 'prod')), false);
  });
});
