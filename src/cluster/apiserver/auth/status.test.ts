import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forbiddenMessage, forbiddenStatus, unauthorizedStatus } from './status.ts';

const alice = { name: 'alice', groups: ['system:authenticated'] };

test('forbidden messages, word for word as kube-apiserver', () => {
  assert.equal(
    forbiddenStatus(alice, { verb: 'list', group: '', resource: 'pods', namespace: 'default' }).message,
    'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
  );
  assert.equal(
    forbiddenStatus(alice, { verb: 'list', group: '', resource: 'nodes' }).message,
    'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
  );
  assert.equal(
    forbiddenStatus(alice, { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'dev', name: 'web' }).message,
    'deployments.apps "web" is forbidden: User "alice" cannot patch resource "deployments/scale" in API group "apps" in the namespace "dev"',
  );
  assert.equal(
    forbiddenStatus(alice, { verb: 'get', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'admin' }).message,
    'clusterroles.rbac.authorization.k8s.io "admin" is forbidden: User "alice" cannot get resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
  );
  assert.equal(forbiddenStatus(alice, { verb: 'get', path: '/metrics' }).message, 'forbidden: User "alice" cannot get path "/metrics"');
  // The authorizer's reason follows after a colon.
  assert.equal(
    forbiddenStatus(alice, { verb: 'list', group: '', resource: 'pods', namespace: 'x' }, 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found').message,
    'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "x": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
  );
  // Text that could pass for HTML is escaped, as Kubernetes does.
  assert.equal(forbiddenMessage({ name: '<b>&', groups: [] }, { verb: 'get', path: '/x' }), 'User "&lt;b&gt;&amp;" cannot get path "/x"');
});

test('the Status bodies serialize exactly as kube-apiserver sends them', () => {
  assert.equal(
    JSON.stringify(forbiddenStatus(alice, { verb: 'list', group: '', resource: 'pods', namespace: 'default' })),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \\"alice\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}',
  );
  assert.deepEqual(forbiddenStatus(alice, { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'd', name: 'web' }).details, { name: 'web', group: 'apps', kind: 'deployments' });
  assert.equal(
    JSON.stringify(forbiddenStatus(alice, { verb: 'get', path: '/logs' })),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \\"alice\\" cannot get path \\"/logs\\"","reason":"Forbidden","details":{},"code":403}',
  );
  assert.equal(JSON.stringify(unauthorizedStatus()), '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');
});
