// The generated definitions, spot-checked against what Kubernetes publishes for the same types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionNameOf, definitions } from './definitions.ts';
import { listSemantics } from './list-semantics.ts';
import { directRefs, refName, resolve, type Schema } from './schema.ts';

const defs = definitions();
const core = (name: string) => defs[`io.k8s.api.core.v1.${name}`]!;
const meta = (name: string) => defs[`io.k8s.apimachinery.pkg.apis.meta.v1.${name}`]!;
const ref = (schema: Schema | undefined) => refName(schema?.$ref ?? schema?.allOf?.[0]?.$ref ?? '');

test('Pod: fields, required, references and descriptions', () => {
  const pod = core('Pod');
  assert.equal(pod.type, 'object');
  assert.match(pod.description!, /^Pod is a collection of containers that can run on a host\./);
  assert.deepEqual(Object.keys(pod.properties!).sort(), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.deepEqual(pod['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Pod', version: 'v1' }]);
  // A field of a definition type with a description: {allOf: [{$ref}], description}, as Kubernetes writes it.
  assert.deepEqual(pod.properties!.spec!.allOf, [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }]);
  assert.match(pod.properties!.spec!.description!, /Specification of the desired behavior of the pod/);

  const spec = core('PodSpec');
  assert.deepEqual(spec.required, ['containers']);
  assert.equal(spec.properties!.containers!.type, 'array');
  assert.equal(ref(spec.properties!.containers!.items), 'io.k8s.api.core.v1.Container');
  assert.deepEqual(spec.properties!.nodeSelector, {
    description: spec.properties!.nodeSelector!.description,
    type: 'object',
    additionalProperties: { type: 'string' },
    'x-kubernetes-map-type': 'atomic',
  });
  assert.deepEqual(spec.properties!.terminationGracePeriodSeconds!.format, 'int64');

  const container = core('Container');
  assert.deepEqual(container.required, ['name']);
  assert.match(container.properties!.imagePullPolicy!.description!, /^Image pull policy\. One of Always, Never, IfNotPresent\./);
  assert.equal(container.properties!.imagePullPolicy!.type, 'string');
  assert.deepEqual(
    { type: core('ContainerPort').properties!.containerPort!.type, format: core('ContainerPort').properties!.containerPort!.format },
    { type: 'integer', format: 'int32' },
  );
  assert.equal(ref(core('ResourceRequirements').properties!.limits!.additionalProperties as Schema), 'io.k8s.apimachinery.pkg.api.resource.Quantity');
});

test('Deployment: fields, required, int-or-string and the retainKeys strategy', () => {
  const deployment = defs['io.k8s.api.apps.v1.Deployment']!;
  assert.deepEqual(deployment['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.equal(definitionNameOf('apps', 'v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(definitionNameOf('apps', 'v1', 'DeploymentList'), 'io.k8s.api.apps.v1.DeploymentList');
  const spec = defs['io.k8s.api.apps.v1.DeploymentSpec']!;
  assert.deepEqual(spec.required, ['selector', 'template']);
  assert.deepEqual({ type: spec.properties!.replicas!.type, format: spec.properties!.replicas!.format }, { type: 'integer', format: 'int32' });
  assert.equal(ref(spec.properties!.selector), 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector');
  assert.equal(spec.properties!.strategy!['x-kubernetes-patch-strategy'], 'retainKeys');
  assert.match(spec.properties!.strategy!.description!, /The deployment strategy to use to replace existing pods with new ones\./);
  const rolling = defs['io.k8s.api.apps.v1.RollingUpdateDeployment']!;
  assert.equal(ref(rolling.properties!.maxSurge), 'io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  const status = defs['io.k8s.api.apps.v1.DeploymentStatus']!;
  assert.equal(status.properties!.observedGeneration!.format, 'int64');
  assert.equal(status.properties!.conditions!['x-kubernetes-patch-merge-key'], 'type');
});

test('the special types are published as Kubernetes publishes them', () => {
  const intOrString = defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!;
  assert.equal(intOrString.format, 'int-or-string');
  assert.deepEqual(intOrString.oneOf, [{ type: 'integer' }, { type: 'string' }]);
  assert.equal(intOrString.type, undefined); // kubectl explain then prints <IntOrString>
  assert.match(intOrString.description!, /can hold an int32 or a string/);
  const quantity = defs['io.k8s.apimachinery.pkg.api.resource.Quantity']!;
  assert.deepEqual(quantity.oneOf, [{ type: 'string' }, { type: 'number' }]);
  assert.match(quantity.description!, /^Quantity is a fixed-point representation of a number\./);
  for (const time of ['Time', 'MicroTime']) {
    assert.equal(meta(time).type, 'string');
    assert.equal(meta(time).format, 'date-time');
  }
  assert.equal(ref(meta('ObjectMeta').properties!.creationTimestamp), 'io.k8s.apimachinery.pkg.apis.meta.v1.Time');
  assert.equal(ref(defs['io.k8s.api.coordination.v1.LeaseSpec']!.properties!.renewTime), 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime');
  const raw = defs['io.k8s.apimachinery.pkg.runtime.RawExtension']!;
  assert.deepEqual({ type: raw.type, properties: raw.properties }, { type: 'object', properties: undefined });
  assert.deepEqual(core('Secret').properties!.data!.additionalProperties, { type: 'string', format: 'byte' });
  assert.deepEqual(core('ConfigMap').properties!.binaryData!.additionalProperties, { type: 'string', format: 'byte' });
  assert.deepEqual(core('PodSecurityContext').properties!.supplementalGroups!.items, { type: 'integer', format: 'int64' });
});

test('ObjectMeta: maps, the owner-reference and finalizer merge semantics', () => {
  const objectMeta = meta('ObjectMeta');
  assert.deepEqual(objectMeta.properties!.labels!.additionalProperties, { type: 'string' });
  const owners = objectMeta.properties!.ownerReferences!;
  assert.equal(owners['x-kubernetes-patch-merge-key'], 'uid');
  assert.deepEqual(owners['x-kubernetes-list-map-keys'], ['uid']);
  assert.equal(objectMeta.properties!.finalizers!['x-kubernetes-list-type'], 'set');
  assert.equal(objectMeta.properties!.finalizers!['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(meta('LabelSelector')['x-kubernetes-map-type'], 'atomic');
});

test('every reference resolves, and every kind-less definition but a handful has a description', () => {
  const undescribed: string[] = [];
  for (const [name, schema] of Object.entries(defs)) {
    for (const target of directRefs(schema)) assert.ok(defs[target], `${name} refers to ${target}, which is not defined`);
    if (!schema.description) undescribed.push(name);
  }
  // Kubernetes has no doc comment on these either.
  assert.deepEqual(undescribed.sort(), ['io.k8s.api.core.v1.GRPCAction', 'io.k8s.api.core.v1.PortStatus', 'io.k8s.api.core.v1.TypedObjectReference']);
  assert.equal(resolve({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }], description: 'x' }, defs), core('PodSpec'));
});

test('every entry of the list-semantics table names a defined list, map or struct', () => {
  // Fields and types newer than kubernetes-types 1.30, kept for when it is upgraded.
  const newer = new Set([
    'io.k8s.api.core.v1.ContainerStatus.allocatedResourcesStatus',
    'io.k8s.api.core.v1.LinuxContainerUser',
    'io.k8s.api.core.v1.ResourceStatus',
    'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement',
  ]);
  for (const [name, fields] of Object.entries(listSemantics)) {
    if (newer.has(name)) continue;
    assert.ok(defs[name], `${name} is not defined`);
    for (const [field, semantics] of Object.entries(fields)) {
      if (field === '.' || newer.has(`${name}.${field}`)) continue;
      const property = defs[name]!.properties?.[field];
      assert.ok(property, `${name}.${field} is not defined`);
      const resolved = resolve(property, defs);
      if (semantics.listType || semantics.patchMergeKey) assert.equal(resolved.type, 'array', `${name}.${field}`);
      // A merge key names a field of the list's items.
      if (semantics.patchMergeKey) {
        const item = resolve(resolved.items!, defs);
        for (const key of [semantics.patchMergeKey, ...(semantics.listMapKeys ?? [])]) assert.ok(item.properties?.[key], `${name}.${field}: items have no ${key}`);
      }
    }
  }
});
