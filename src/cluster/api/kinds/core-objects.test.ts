import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../resource-type.ts';
import { configMapResource } from './config-map.ts';
import { endpointsResource } from './endpoints.ts';
import { eventResource } from './event.ts';
import { namespaceResource } from './namespace.ts';
import { nodeResource } from './node.ts';
import { secretResource } from './secret.ts';
import { serviceAccountResource } from './service-account.ts';
import { causes, cells, create, messages, update } from './testing.ts';

test('a namespace is Active, labelled with its name, and holds the kubernetes finalizer', () => {
  const { object, errors } = create(namespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  assert.deepEqual(errors, []);
  assert.deepEqual(object.metadata!.labels, { 'kubernetes.io/metadata.name': 'team-a' });
  assert.deepEqual(object.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(object.status, { phase: 'Active' });
  assert.deepEqual(cells(namespaceResource, object), { Name: 'team-a', Status: 'Active', Age: '60m' });
  assert.deepEqual(namespaceResource.selectableFields!(object), { 'status.phase': 'Active' });
  assert.equal(namespaceResource.verbs.includes('deletecollection'), false);
});

test('namespace names are DNS labels; an update keeps finalizers and status', () => {
  assert.deepEqual(causes(create(namespaceResource, { metadata: { name: 'team.a' } }).errors), ['metadata.name: FieldValueInvalid']);
  const stored = create(namespaceResource, { metadata: { name: 'team-a' } }).object;
  const { object } = update(namespaceResource, stored, { metadata: { name: 'team-a', labels: { env: 'dev' } }, spec: {}, status: { phase: 'Terminating' } });
  assert.deepEqual(object.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(object.status, { phase: 'Active' });
  assert.deepEqual(object.metadata!.labels, { env: 'dev', 'kubernetes.io/metadata.name': 'team-a' });
});

test('config maps: valid keys, no key in both data and binaryData, DATA counts both', () => {
  const good = create(configMapResource, { metadata: { name: 'app', namespace: 'default' }, data: { 'app.properties': 'a=1', KEY: 'v' }, binaryData: { 'logo.png': 'iVBORw0=' } });
  assert.deepEqual(good.errors, []);
  assert.equal(cells(configMapResource, good.object).Data, 3);
  const bad = create(configMapResource, { metadata: { name: 'app', namespace: 'default' }, data: { 'a/b': 'x', dup: 'y' }, binaryData: { dup: 'eQ==' } });
  assert.deepEqual(causes(bad.errors), ['data[a/b]: FieldValueInvalid', 'data[dup]: FieldValueInvalid']);
  assert.deepEqual(messages(bad.errors)[1], 'data[dup]: Invalid value: "dup": duplicate of key present in binaryData');
});

test('an immutable config map keeps its data', () => {
  const stored = create(configMapResource, { metadata: { name: 'app', namespace: 'default' }, data: { a: '1' }, immutable: true }).object;
  const changed = update(configMapResource, stored, { metadata: { name: 'app', namespace: 'default' }, data: { a: '2' }, immutable: true });
  assert.deepEqual(messages(changed.errors), ['data: Forbidden: field is immutable when `immutable` is set']);
  const unlocked = update(configMapResource, stored, { metadata: { name: 'app', namespace: 'default' }, data: { a: '1' } });
  assert.deepEqual(causes(unlocked.errors), ['immutable: FieldValueForbidden']);
});

test('secrets: Opaque by default, stringData folded into data, base64 checked, type keys required', () => {
  const { object, errors } = create(secretResource, { metadata: { name: 'db', namespace: 'default' }, data: { user: 'YWRtaW4=' }, stringData: { password: 's3cret' } });
  assert.deepEqual(errors, []);
  assert.equal(object.type, 'Opaque');
  assert.deepEqual(object.data, { user: 'YWRtaW4=', password: Buffer.from('s3cret').toString('base64') });
  assert.equal(object.stringData, undefined);
  assert.deepEqual(cells(secretResource, object), { Name: 'db', Type: 'Opaque', Data: 2, Age: '60m' });
  assert.deepEqual(secretResource.selectableFields!(object), { type: 'Opaque' });
  assert.deepEqual(causes(create(secretResource, { metadata: { name: 'db', namespace: 'default' }, data: { user: 'not base64!' } }).errors), ['data[user]: FieldValueInvalid']);
  assert.deepEqual(causes(create(secretResource, { metadata: { name: 'tls', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } }).errors), ['data[tls.key]: FieldValueRequired']);
  assert.deepEqual(causes(create(secretResource, { metadata: { name: 'reg', namespace: 'default' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('{bad').toString('base64') } }).errors), ['data[.dockerconfigjson]: FieldValueInvalid']);
});

test('a secret\'s type cannot change', () => {
  const stored = create(secretResource, { metadata: { name: 'db', namespace: 'default' }, data: {} }).object;
  const changed = update(secretResource, stored, { metadata: { name: 'db', namespace: 'default' }, type: 'kubernetes.io/basic-auth', data: { username: 'YQ==' } });
  assert.deepEqual(causes(changed.errors), ['type: FieldValueInvalid']);
});

test('service accounts: SECRETS counts the listed secrets', () => {
  const { object, errors } = create(serviceAccountResource, { metadata: { name: 'builder', namespace: 'default' }, secrets: [{ name: 'builder-token' }] });
  assert.deepEqual(errors, []);
  assert.deepEqual(cells(serviceAccountResource, object), { Name: 'builder', Secrets: 1, Age: '60m' });
});

function node(labels: Record<string, string>, status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'node-1', labels }, spec, status };
}

test('nodes: STATUS from the Ready condition, ROLES from labels, allocatable defaulting to capacity', () => {
  const ready = node(
    { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker' },
    {
      capacity: { cpu: '4', memory: '8192Mi' },
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '192.168.1.10' }],
      nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 13', kernelVersion: '6.12.0', containerRuntimeVersion: 'minato://0.1.0' },
    },
  );
  const { object, errors } = create(nodeResource, ready);
  assert.deepEqual(errors, []);
  assert.deepEqual((object.status as { allocatable: unknown }).allocatable, { cpu: '4', memory: '8Gi' });
  assert.deepEqual(cells(nodeResource, object), {
    Name: 'node-1',
    Status: 'Ready',
    Roles: 'control-plane,worker',
    Age: '60m',
    Version: 'v1.32.4',
    'Internal-IP': '192.168.1.10',
    'External-IP': '<none>',
    'OS-Image': 'Debian GNU/Linux 13',
    'Kernel-Version': '6.12.0',
    'Container-Runtime': 'minato://0.1.0',
  });
  const cordoned = create(nodeResource, node({}, { conditions: [{ type: 'Ready', status: 'False' }] }, { unschedulable: true })).object;
  assert.deepEqual([cells(nodeResource, cordoned).Status, cells(nodeResource, cordoned).Roles], ['NotReady,SchedulingDisabled', '<none>']);
  assert.equal(cells(nodeResource, create(nodeResource, node({}, {})).object).Status, 'Unknown');
  assert.deepEqual(nodeResource.selectableFields!(cordoned), { 'spec.unschedulable': 'true' });
});

test('node taints need a known effect', () => {
  const { errors } = create(nodeResource, node({}, {}, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoRun' }] }));
  assert.deepEqual(messages(errors), ['spec.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
});

test('events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, and fields to select by', () => {
  const event: KubeObject = {
    metadata: { name: 'web.1827', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'p1', apiVersion: 'v1', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled',
    message: 'Successfully pulled image "nginx"\n',
    type: 'Normal',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2025-03-01T11:50:00Z',
    lastTimestamp: '2025-03-01T11:58:00Z',
    count: 3,
  };
  const { object, errors } = create(eventResource, event);
  assert.deepEqual(errors, []);
  assert.deepEqual(cells(eventResource, object), {
    'Last Seen': '2m',
    Type: 'Normal',
    Reason: 'Pulled',
    Object: 'pod/web',
    Subobject: 'spec.containers{web}',
    Source: 'kubelet, node-1',
    Message: 'Successfully pulled image "nginx"',
    'First Seen': '10m',
    Count: 3,
    Name: 'web.1827',
  });
  assert.deepEqual(eventResource.table.columns.map((column) => `${column.name}/${column.priority}`).slice(0, 4), ['Last Seen/0', 'Type/0', 'Reason/0', 'Object/0']);
  const fields = eventResource.selectableFields!(object);
  assert.equal(fields['involvedObject.name'], 'web');
  assert.equal(fields['involvedObject.uid'], 'p1');
  assert.equal(fields.source, 'kubelet');
  assert.equal(fields.reason, 'Pulled');
  const elsewhere = create(eventResource, { ...event, involvedObject: { kind: 'Pod', name: 'web', namespace: 'other' } });
  assert.deepEqual(messages(elsewhere.errors), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
});

test('endpoints: ENDPOINTS lists three ip:port pairs then how many more', () => {
  const endpoints: KubeObject = {
    metadata: { name: 'web', namespace: 'default' },
    subsets: [{ addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip })), ports: [{ port: 8080 }] }],
  };
  const { object, errors } = create(endpointsResource, endpoints);
  assert.deepEqual(errors, []);
  assert.equal((object.subsets as { ports: { protocol: string }[] }[])[0]!.ports[0]!.protocol, 'TCP');
  assert.equal(cells(endpointsResource, object).Endpoints, '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...');
  assert.equal(cells(endpointsResource, create(endpointsResource, { metadata: { name: 'none', namespace: 'default' } }).object).Endpoints, '<none>');
  assert.deepEqual(causes(create(endpointsResource, { metadata: { name: 'x', namespace: 'default' }, subsets: [{ addresses: [{ ip: 'nope' }] }] }).errors), ['subsets[0].addresses[0].ip: FieldValueInvalid']);
});
