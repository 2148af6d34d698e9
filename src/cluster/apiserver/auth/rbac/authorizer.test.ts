import assert from 'node:assert/strict';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { describe, test } from 'node:test';
import type { RequestAttributes } from '../attributes.ts';
import type { UserInfo } from '../user.ts';
import { aggregatedRules } from './aggregation.ts';
import { RbacAuthorizer } from './authorizer.ts';
import { RbacCache } from './source.ts';

const rbac = 'rbac.authorization.k8s.io';
const clusterRole = (name: string, rules: PolicyRule[], labels?: Record<string, string>, aggregationRule?: ClusterRole['aggregationRule']): ClusterRole => ({
  kind: 'ClusterRole',
  metadata: { name, labels },
  rules,
  ...(aggregationRule ? { aggregationRule } : {}),
});
const role = (namespace: string, name: string, rules: PolicyRule[]): Role => ({ kind: 'Role', metadata: { namespace, name }, rules });
const user = (name: string): Subject => ({ apiGroup: rbac, kind: 'User', name });
const group = (name: string): Subject => ({ apiGroup: rbac, kind: 'Group', name });
const sa = (name: string, namespace?: string): Subject => ({ kind: 'ServiceAccount', name, ...(namespace ? { namespace } : {}) });
const crb = (name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding => ({
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: roleName },
  subjects,
});
const rb = (namespace: string, name: string, kind: 'Role' | 'ClusterRole', roleName: string, subjects: Subject[]): RoleBinding => ({
  kind: 'RoleBinding',
  metadata: { namespace, name },
  roleRef: { apiGroup: rbac, kind, name: roleName },
  subjects,
});

const cache = new RbacCache([
  clusterRole('pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]),
  clusterRole('apps-admin', [{ apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }]),
  clusterRole('scaler', [{ apiGroups: ['*'], resources: ['*/scale'], verbs: ['get', 'update'] }]),
  clusterRole('log-reader', [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }]),
  clusterRole('one-configmap', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get', 'update'] }]),
  clusterRole('health', [{ nonResourceURLs: ['/healthz', '/logs/*'], verbs: ['get'] }]),
  clusterRole('node-lister', [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }]),
  role('team-a', 'deployer', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create', 'update'] }]),
  rb('team-a', 'alice-reads-pods', 'ClusterRole', 'pod-reader', [user('alice')]),
  rb('team-a', 'alice-logs', 'ClusterRole', 'log-reader', [user('alice')]),
  rb('team-a', 'alice-config', 'ClusterRole', 'one-configmap', [user('alice')]),
  crb('ops-nodes', 'node-lister', [group('ops')]),
  crb('ops-health', 'health', [group('ops')]),
  crb('dana-apps', 'apps-admin', [user('dana')]),
  rb('team-a', 'ci-deploys', 'Role', 'deployer', [sa('ci'), sa('builder', 'tools')]),
  crb('autoscaler-scales', 'scaler', [sa('autoscaler', 'kube-system')]),
  crb('namespaceless-sa', 'pod-reader', [sa('nowhere')]),
  rb('team-a', 'broken', 'ClusterRole', 'missing', [user('carol')]),
  rb('team-a', 'broken-role', 'Role', 'missing-role', [user('carol')]),
  // Aggregation: "monitoring" gathers every role labelled for it, by matchLabels or matchExpressions.
  clusterRole('monitoring', [], undefined, {
    clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['observability'] }] }],
  }),
  clusterRole('monitoring-pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }], { 'example.com/aggregate-to-monitoring': 'true' }),
  clusterRole('monitoring-metrics', [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }], { tier: 'observability' }),
  clusterRole('unrelated', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }], { 'example.com/aggregate-to-monitoring': 'false' }),
  crb('monitors', 'monitoring', [group('monitors')]),
  // A selector cycle must not loop.
  clusterRole('loop-a', [{ apiGroups: [''], resources: ['services'], verbs: ['get'] }], { loop: 'a' }, { clusterRoleSelectors: [{ matchLabels: { loop: 'b' } }] }),
  clusterRole('loop-b', [], { loop: 'b' }, { clusterRoleSelectors: [{ matchLabels: { loop: 'a' } }] }),
  clusterRole('loop-leaf', [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get'] }], { loop: 'b' }),
  crb('loopers', 'loop-a', [group('loopers')]),
]);
const authorizer = new RbacAuthorizer(cache);

const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
const bob: UserInfo = { name: 'bob', groups: ['ops', 'system:authenticated'] };
const dana: UserInfo = { name: 'dana', groups: ['system:authenticated'] };
const carol: UserInfo = { name: 'carol', groups: ['system:authenticated'] };
const saUser = (namespace: string, name: string): UserInfo => ({ name: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] });
const monitor: UserInfo = { name: 'mo', groups: ['monitors', 'system:authenticated'] };
const looper: UserInfo = { name: 'lu', groups: ['loopers', 'system:authenticated'] };

const pods = (verb: string, namespace?: string, name?: string): RequestAttributes => ({ verb, group: '', resource: 'pods', ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) });

const cases: [string, UserInfo, RequestAttributes, boolean][] = [
  // RoleBinding → ClusterRole: the ClusterRole's rules, in that namespace only.
  ['rolebinding to a clusterrole grants in its namespace', alice, pods('list', 'team-a'), true],
  ['… and by name', alice, pods('get', 'team-a', 'web-0'), true],
  ['… not in another namespace', alice, pods('list', 'team-b'), false],
  ['… not across all namespaces', alice, pods('list'), false],
  ['verbs are exact', alice, pods('delete', 'team-a', 'web-0'), false],
  ['a subresource needs its own grant', alice, { verb: 'get', group: '', resource: 'pods', subresource: 'exec', namespace: 'team-a', name: 'web-0' }, false],
  ['resource/subresource grants that subresource', alice, { verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: 'team-a', name: 'web-0' }, true],
  ['… and not the resource itself', { ...alice, name: 'alice' }, { verb: 'delete', group: '', resource: 'pods', namespace: 'team-a', name: 'x' }, false],
  ['resourceNames: the named object', alice, { verb: 'get', group: '', resource: 'configmaps', namespace: 'team-a', name: 'app-config' }, true],
  ['resourceNames: another object', alice, { verb: 'get', group: '', resource: 'configmaps', namespace: 'team-a', name: 'other' }, false],
  ['resourceNames: never a list', alice, { verb: 'list', group: '', resource: 'configmaps', namespace: 'team-a' }, false],
  ['the API group must match', alice, { verb: 'list', group: 'metrics.k8s.io', resource: 'pods', namespace: 'team-a' }, false],
  // ClusterRoleBinding: everywhere.
  ['group subject, cluster scope', bob, { verb: 'list', group: '', resource: 'nodes' }, true],
  ['group subject, other verb', bob, { verb: 'delete', group: '', resource: 'nodes', name: 'n1' }, false],
  ['group not held', alice, { verb: 'list', group: '', resource: 'nodes' }, false],
  ['"*" resources and verbs within one group', dana, { verb: 'deletecollection', group: 'apps', resource: 'statefulsets', namespace: 'x' }, true],
  ['"*" resources include subresources', dana, { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'x', name: 'web' }, true],
  ['… but not other groups', dana, { verb: 'get', group: 'batch', resource: 'jobs', namespace: 'x' }, false],
  // Non-resource URLs.
  ['non-resource URL, exact', bob, { verb: 'get', path: '/healthz' }, true],
  ['non-resource URL, prefix*', bob, { verb: 'get', path: '/logs/kube-apiserver.log' }, true],
  ['non-resource URL, prefix* needs the prefix', bob, { verb: 'get', path: '/logsx' }, false],
  ['non-resource URL, verb', bob, { verb: 'post', path: '/healthz' }, false],
  ['non-resource URL, unlisted', bob, { verb: 'get', path: '/metrics' }, false],
  // ServiceAccount subjects.
  ['SA subject without namespace = the binding namespace', saUser('team-a', 'ci'), { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'team-a' }, true],
  ['… an SA of that name elsewhere is someone else', saUser('team-b', 'ci'), { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'team-a' }, false],
  ['SA subject from another namespace', saUser('tools', 'builder'), { verb: 'update', group: 'apps', resource: 'deployments', namespace: 'team-a', name: 'web' }, true],
  ['a Role grants only in its namespace', saUser('tools', 'builder'), { verb: 'update', group: 'apps', resource: 'deployments', namespace: 'tools', name: 'web' }, false],
  ['"*/scale" on a ClusterRoleBinding to an SA', saUser('kube-system', 'autoscaler'), { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'x', name: 'web' }, true],
  ['"*/scale" is not "*/status"', saUser('kube-system', 'autoscaler'), { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'status', namespace: 'x', name: 'web' }, false],
  ['"*/scale" is not the resource', saUser('kube-system', 'autoscaler'), { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'x', name: 'web' }, false],
  ['an SA subject without a namespace in a ClusterRoleBinding matches no one', saUser('default', 'nowhere'), pods('list', 'default'), false],
  // Aggregation.
  ['aggregated by matchLabels', monitor, pods('list', 'any'), true],
  ['aggregated by matchExpressions', monitor, { verb: 'get', path: '/metrics' }, true],
  ['a label with another value is not aggregated', monitor, { verb: 'get', group: '', resource: 'secrets', namespace: 'any', name: 's' }, false],
  ['aggregation cycles terminate, with the rules of the sources', looper, { verb: 'get', group: '', resource: 'endpoints', namespace: 'x', name: 'e' }, true],
  ['… and the own rules of an aggregated role are replaced by its sources', looper, { verb: 'get', group: '', resource: 'services', namespace: 'x', name: 's' }, false],
];

describe('RbacAuthorizer', () => {
  for (const [name, who, attributes, allowed] of cases) {
    test(`${allowed ? 'allows' : 'denies'}: ${name}`, () => {
      assert.equal(authorizer.authorize(who, attributes).allowed, allowed);
    });
  }

  test('reasons name the binding, role and subject, as Kubernetes', () => {
    assert.equal(authorizer.authorize(alice, pods('list', 'team-a')).reason, 'RBAC: allowed by RoleBinding "alice-reads-pods/team-a" of ClusterRole "pod-reader" to User "alice"');
    assert.equal(authorizer.authorize(bob, { verb: 'list', group: '', resource: 'nodes' }).reason, 'RBAC: allowed by ClusterRoleBinding "ops-nodes" of ClusterRole "node-lister" to Group "ops"');
    assert.equal(
      authorizer.authorize(saUser('team-a', 'ci'), { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'team-a' }).reason,
      'RBAC: allowed by RoleBinding "ci-deploys/team-a" of Role "deployer" to ServiceAccount "ci/team-a"',
    );
    assert.deepEqual(authorizer.authorize(alice, pods('list', 'team-b')), { allowed: false, reason: '' });
  });

  test('bindings to missing roles are reported in the denial reason', () => {
    assert.deepEqual(authorizer.authorize(carol, pods('list', 'team-a')), {
      allowed: false,
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "missing" not found, role.rbac.authorization.k8s.io "missing-role" not found]',
    });
  });

  test('the cache follows changes: a new aggregated-to role takes effect at once, a removed binding stops granting', () => {
    const attributes: RequestAttributes = { verb: 'list', group: '', resource: 'services', namespace: 'x' };
    assert.equal(authorizer.authorize(monitor, attributes).allowed, false);
    const added = clusterRole('monitoring-services', [{ apiGroups: [''], resources: ['services'], verbs: ['list'] }], { 'example.com/aggregate-to-monitoring': 'true' });
    cache.upsert(added);
    assert.equal(authorizer.authorize(monitor, attributes).allowed, true);
    cache.remove(added);
    assert.equal(authorizer.authorize(monitor, attributes).allowed, false);

    const binding = rb('team-b', 'alice-b', 'ClusterRole', 'pod-reader', [user('alice')]);
    cache.upsert(binding);
    assert.equal(authorizer.authorize(alice, pods('list', 'team-b')).allowed, true);
    cache.remove(binding);
    assert.equal(authorizer.authorize(alice, pods('list', 'team-b')).allowed, false);
  });

  test('aggregatedRules: sources in name order, duplicates once, the role itself skipped', () => {
    const source = {
      clusterRoles: () => [
        clusterRole('z-src', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], { agg: 'x' }),
        clusterRole('a-src', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['services'], verbs: ['get'] }], { agg: 'x' }),
        clusterRole('target', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], { agg: 'x' }, { clusterRoleSelectors: [{ matchLabels: { agg: 'x' } }] }),
      ],
    };
    assert.deepEqual(aggregatedRules(source.clusterRoles()[2]!, source), [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'] },
    ]);
  });
});
