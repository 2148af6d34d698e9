import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchSchemaFor } from './patch-schema-for.ts';

test('a Pod: containers merge by name, ports by containerPort (+protocol), volumes merge and retain keys', () => {
  const pod = patchSchemaFor('', 'v1', 'Pod')!;
  assert.equal(pod.type, 'object');
  const spec = pod.field('spec')!;
  const containers = spec.field('containers')!;
  assert.deepEqual(
    { type: containers.type, patchStrategy: containers.patchStrategy, patchMergeKey: containers.patchMergeKey, listType: containers.listType, listMapKeys: containers.listMapKeys },
    { type: 'array', patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
  );
  const container = containers.items()!;
  assert.equal(container.type, 'object');
  const ports = container.field('ports')!;
  assert.equal(ports.patchMergeKey, 'containerPort');
  assert.deepEqual(ports.listMapKeys, ['containerPort', 'protocol']);
  assert.equal(ports.items()!.field('containerPort')!.type, 'integer');
  assert.equal(container.field('env')!.patchMergeKey, 'name');
  assert.equal(container.field('volumeMounts')!.patchMergeKey, 'mountPath');
  assert.equal(container.field('args')!.listType, 'atomic');
  assert.equal(container.field('args')!.patchStrategy, undefined);
  assert.equal(spec.field('volumes')!.patchStrategy, 'merge,retainKeys');
  assert.equal(spec.field('tolerations')!.listType, 'atomic');
  assert.deepEqual(spec.field('topologySpreadConstraints')!.listMapKeys, ['topologyKey', 'whenUnsatisfiable']);
  assert.equal(spec.field('nodeSelector')!.mapType, 'atomic');
  assert.equal(spec.field('nodeSelector')!.field('any-key')!.type, 'string');
  assert.equal(spec.field('noSuchField'), undefined);
  assert.equal(spec.field('containers'), containers, 'nodes are cached');
});

test('metadata: owner references by uid, finalizers a merged set, labels a map of the default (granular) type', () => {
  const metadata = patchSchemaFor('apps', 'v1', 'Deployment')!.field('metadata')!;
  assert.equal(metadata.field('ownerReferences')!.patchMergeKey, 'uid');
  assert.equal(metadata.field('finalizers')!.listType, 'set');
  assert.equal(metadata.field('finalizers')!.patchStrategy, 'merge');
  assert.equal(metadata.field('finalizers')!.items()!.type, 'string');
  assert.equal(metadata.field('labels')!.type, 'object');
  assert.equal(metadata.field('labels')!.mapType, undefined);
  // A struct marked atomic carries its map type from the definition.
  assert.equal(patchSchemaFor('apps', 'v1', 'Deployment')!.field('spec')!.field('selector')!.mapType, 'atomic');
  assert.equal(patchSchemaFor('apps', 'v1', 'Deployment')!.field('spec')!.field('strategy')!.patchStrategy, 'retainKeys');
});

test('other kinds: Service ports, conditions, RBAC rules, EndpointSlice endpoints, Scale', () => {
  const ports = patchSchemaFor('', 'v1', 'Service')!.field('spec')!.field('ports')!;
  assert.equal(ports.patchMergeKey, 'port');
  assert.deepEqual(ports.listMapKeys, ['port', 'protocol']);
  assert.equal(patchSchemaFor('', 'v1', 'Node')!.field('status')!.field('conditions')!.patchMergeKey, 'type');
  assert.equal(patchSchemaFor('rbac.authorization.k8s.io', 'v1', 'ClusterRole')!.field('rules')!.listType, 'atomic');
  assert.equal(patchSchemaFor('discovery.k8s.io', 'v1', 'EndpointSlice')!.field('endpoints')!.listType, 'atomic');
  assert.equal(patchSchemaFor('autoscaling', 'v1', 'Scale')!.field('spec')!.field('replicas')!.type, 'integer');
});

test('free-form and special values: RawExtension, IntOrString, Quantity; unknown kinds', () => {
  assert.equal(patchSchemaFor('apps', 'v1', 'ControllerRevision')!.field('data')!.field('anything'), undefined);
  const rolling = patchSchemaFor('apps', 'v1', 'Deployment')!.field('spec')!.field('strategy')!.field('rollingUpdate')!;
  assert.equal(rolling.field('maxSurge')!.type, undefined); // int or string: a scalar of either type
  const limits = patchSchemaFor('', 'v1', 'Pod')!.field('spec')!.field('containers')!.items()!.field('resources')!.field('limits')!;
  assert.equal(limits.type, 'object');
  assert.equal(limits.field('cpu')!.type, undefined);
  assert.equal(patchSchemaFor('example.com', 'v1', 'Widget'), undefined);
});
