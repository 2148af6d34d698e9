import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { endpointSliceResource } from './endpoint-slice.ts';
import { ingressClassResource } from './ingress-class.ts';
import { ingressResource } from './ingress.ts';
import { leaseResource } from './lease.ts';
import { clusterRoleBindingResource, clusterRoleResource, roleBindingResource, roleResource } from './rbac.ts';
import { causes, cells, create, messages, update } from './testing.ts';

function ingress(spec: Record<string, unknown>): KubeObject {
  return { metadata: { name: 'web', namespace: 'default' }, spec };
}

const rule = (path: Record<string, unknown>) => ({ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } }, ...path }] } });

test('ingresses: a valid one, then the common mistakes', () => {
  const { object, errors } = create(ingressResource, ingress({ ingressClassName: 'nginx', rules: [rule({})], tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }] }));
  assert.deepEqual(errors, []);
  assert.equal(object.metadata!.generation, 1);
  assert.deepEqual(object.status, { loadBalancer: {} });
  assert.deepEqual(messages(create(ingressResource, ingress({ rules: [rule({ pathType: undefined })] })).errors), ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']);
  assert.deepEqual(causes(create(ingressResource, ingress({ rules: [rule({ pathType: 'Regex' })] })).errors), ['spec.rules[0].http.paths[0].pathType: FieldValueNotSupported']);
  assert.deepEqual(messages(create(ingressResource, ingress({ rules: [rule({ path: 'shop' })] })).errors), ['spec.rules[0].http.paths[0].path: Invalid value: "shop": must be an absolute path']);
  assert.deepEqual(causes(create(ingressResource, ingress({ rules: [rule({ backend: { service: { name: 'web', port: {} } } })] })).errors), ['spec.rules[0].http.paths[0].backend.service.port: FieldValueRequired']);
  assert.deepEqual(causes(create(ingressResource, ingress({ rules: [{ ...rule({}), host: '10.0.0.1' }] })).errors), ['spec.rules[0].host: FieldValueInvalid']);
  assert.deepEqual(causes(create(ingressResource, ingress({})).errors), ['spec: FieldValueInvalid']);
});

test('kubectl get ingress: CLASS HOSTS ADDRESS PORTS', () => {
  const { object } = create(ingressResource, ingress({ ingressClassName: 'nginx', rules: [rule({}), { ...rule({}), host: 'api.example.com' }], tls: [{ hosts: ['shop.example.com'] }] }));
  object.status = { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } };
  assert.deepEqual(cells(ingressResource, object), { Name: 'web', Class: 'nginx', Hosts: 'shop.example.com,api.example.com', Address: '192.0.2.1', Ports: '80, 443', Age: '60m' });
  const bare = create(ingressResource, ingress({ defaultBackend: { service: { name: 'web', port: { number: 80 } } } })).object;
  assert.deepEqual([cells(ingressResource, bare).Class, cells(ingressResource, bare).Hosts, cells(ingressResource, bare).Ports], ['<none>', '*', '80']);
});

test('ingress classes: a domain-prefixed controller that never changes; parameters scoped to the cluster by default', () => {
  const input = { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } } };
  const { object, errors } = create(ingressClassResource, input);
  assert.deepEqual(errors, []);
  assert.equal((object.spec as { parameters: { scope: string } }).parameters.scope, 'Cluster');
  assert.deepEqual(cells(ingressClassResource, object), { Name: 'nginx', Controller: 'k8s.io/ingress-nginx', Parameters: 'IngressParameters.k8s.example.com/external-lb', Age: '60m' });
  assert.deepEqual(causes(create(ingressClassResource, { metadata: { name: 'x' }, spec: { controller: 'nginx' } }).errors), ['spec.controller: FieldValueInvalid']);
  assert.deepEqual(causes(update(ingressClassResource, object, { ...input, spec: { ...input.spec, controller: 'example.com/other' } }).errors), ['spec.controller: FieldValueInvalid']);
});

test('roles: every rule needs verbs, resource rules need groups and resources; NAME and CREATED AT', () => {
  const good = create(roleResource, { metadata: { name: 'pod-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
  assert.deepEqual(good.errors, []);
  assert.deepEqual(roleResource.table.row(good.object, new Date()), ['pod-reader', '2025-03-01T11:00:00Z']);
  const bad = create(roleResource, { metadata: { name: 'bad', namespace: 'default' }, rules: [{ resources: ['pods'] }, { nonResourceURLs: ['/healthz'], verbs: ['get'] }] });
  assert.deepEqual(messages(bad.errors), [
    'rules[0].verbs: Required value: verbs must contain at least one value',
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
  ]);
  assert.deepEqual(create(clusterRoleResource, { metadata: { name: 'system:health' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }).errors, []);
});

test('bindings: roleRef group defaulted, subjects checked, roleRef fixed; ROLE and the wide subjects', () => {
  const input = {
    metadata: { name: 'read-pods', namespace: 'default' },
    roleRef: { kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'User', name: 'jane' },
      { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
    ],
  };
  const { object, errors } = create(roleBindingResource, input);
  assert.deepEqual(errors, []);
  assert.deepEqual(object.roleRef, { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' });
  assert.deepEqual(
    (object.subjects as { apiGroup: string }[]).map((subject) => subject.apiGroup),
    ['rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', ''],
  );
  assert.deepEqual(cells(roleBindingResource, object), { Name: 'read-pods', Role: 'Role/pod-reader', Age: '60m', Users: 'jane', Groups: 'devs', ServiceAccounts: 'ci/builder' });
  assert.deepEqual(messages(update(roleBindingResource, object, { ...input, roleRef: { kind: 'Role', name: 'other' } }).errors).map((text) => text.replace(/: Invalid value: .*: /, ': ')), ['roleRef: cannot change roleRef']);
  const cluster = create(clusterRoleBindingResource, { metadata: { name: 'x' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] });
  assert.deepEqual(causes(cluster.errors), ['roleRef.kind: FieldValueNotSupported', 'subjects[0].namespace: FieldValueRequired']);
});

test('leases: HOLDER; durations must be positive', () => {
  const { object, errors } = create(leaseResource, { metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } });
  assert.deepEqual(errors, []);
  assert.deepEqual(cells(leaseResource, object), { Name: 'node-1', Holder: 'node-1', Age: '60m' });
  assert.deepEqual(messages(create(leaseResource, { metadata: { name: 'x', namespace: 'default' }, spec: { leaseDurationSeconds: 0 } }).errors), ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
});

test('endpoint slices: ports default to TCP and an empty name; the table shows ports and addresses', () => {
  const slice: KubeObject = {
    metadata: { name: 'web-abc12', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ports: [{ port: 80 }],
    endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }],
  };
  const { object, errors } = create(endpointSliceResource, slice);
  assert.deepEqual(errors, []);
  assert.deepEqual(object.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
  assert.equal(object.metadata!.generation, 1);
  assert.deepEqual(cells(endpointSliceResource, object), { Name: 'web-abc12', AddressType: 'IPv4', Ports: '80', Endpoints: '10.0.0.1,10.0.0.2', Age: '60m' });
  assert.equal(cells(endpointSliceResource, create(endpointSliceResource, { ...slice, ports: [], endpoints: [] }).object).Endpoints, '<unset>');
  assert.deepEqual(causes(create(endpointSliceResource, { ...slice, endpoints: [{ addresses: ['fe80::1'] }] }).errors), ['endpoints[0].addresses[0]: FieldValueInvalid']);
  const moved = structuredClone(object);
  (moved.endpoints as { addresses: string[] }[])[1]!.addresses = ['10.0.0.3'];
  assert.equal(update(endpointSliceResource, object, moved).object.metadata!.generation, 2);
});
