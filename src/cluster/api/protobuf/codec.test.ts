import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import { compileProtoDescriptor } from './compile-descriptor.ts';
import { kubernetesProtoDescriptor } from './descriptor.generated.ts';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf, isProtobufContentType } from './index.ts';
import { messageTypeFor, runtimeUnknownType } from './schema.ts';
import { kubectlFixturesFile, type RecordedBody } from '../../../../test/helpers/kubectl-versions.ts';

const fixtures = JSON.parse(readFileSync(kubectlFixturesFile, 'utf8')) as RecordedBody[];

/** The object as the server would hold it after a protobuf round trip: Go's JSON form. */
const roundTrip = (object: Record<string, unknown>) => decodeKubernetesProtobuf(encodeKubernetesProtobuf(object)).object;

function throwsInvalidArgument(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err) => isMinatoError(err, 'InvalidArgument') && message.test(err.message));
}

test('descriptor.generated.ts is compiled from the .proto files as they are now', () => {
  const fresh = compileProtoDescriptor(path.join(import.meta.dirname, 'proto'));
  assert.ok(fresh === kubernetesProtoDescriptor, 'run `node scripts/kube-protobuf.ts descriptor` after changing proto/');
});

test('bodies recorded from kubectl 1.32 and 1.33 decode to the JSON kubectl prints, and encode back to the same bytes', () => {
  assert.ok(fixtures.length >= 40);
  for (const fixture of fixtures) {
    const body = Buffer.from(fixture.body, 'base64');
    const decoded = decodeKubernetesProtobuf(body);
    assert.deepEqual(decoded.object, fixture.json, `${fixture.kubectl} ${fixture.what}`);
    assert.deepEqual(Buffer.from(encodeKubernetesProtobuf(decoded.object)), body, `${fixture.kubectl} ${fixture.what}`);
  }
});

test('a message exists for every kind the API server serves, and for their lists', () => {
  const kinds: Record<string, string[]> = {
    v1: ['Namespace', 'Pod', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'Node', 'Event', 'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange', 'PodTemplate', 'ReplicationController', 'Binding'],
    'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
    'batch/v1': ['Job', 'CronJob'],
    'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
    'storage.k8s.io/v1': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'],
    'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
    'coordination.k8s.io/v1': ['Lease'],
    'discovery.k8s.io/v1': ['EndpointSlice'],
    'autoscaling/v1': ['Scale', 'HorizontalPodAutoscaler'],
    'autoscaling/v2': ['HorizontalPodAutoscaler'],
    'policy/v1': ['PodDisruptionBudget', 'Eviction'],
    'scheduling.k8s.io/v1': ['PriorityClass'],
  };
  for (const [apiVersion, names] of Object.entries(kinds)) {
    for (const kind of names) {
      assert.ok(messageTypeFor(apiVersion, kind), `${apiVersion} ${kind}`);
      if (!['Binding', 'Scale', 'Eviction'].includes(kind)) assert.ok(messageTypeFor(apiVersion, `${kind}List`), `${apiVersion} ${kind}List`);
      const object = roundTrip({ kind, apiVersion, metadata: { name: 'x', labels: { a: 'b' } } });
      assert.deepEqual([object['kind'], object['apiVersion'], object['metadata']], [kind, apiVersion, { name: 'x', labels: { a: 'b' }, creationTimestamp: null }]);
    }
  }
  assert.ok(messageTypeFor('authentication.k8s.io/v1', 'TokenRequest'));
  // meta/v1 kinds every group version has.
  for (const apiVersion of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
    for (const kind of ['Status', 'DeleteOptions', 'ListOptions', 'WatchEvent']) assert.ok(messageTypeFor(apiVersion, kind), `${apiVersion} ${kind}`);
  }
  // Parts of objects and other people's groups are not kinds.
  assert.equal(messageTypeFor('v1', 'PodSpec'), undefined);
  assert.equal(messageTypeFor('apps.example.com/v1', 'Deployment'), undefined);
  assert.equal(messageTypeFor('v1', 'Deployment'), undefined);
});

test('a Pod keeps every kind of value through encode and decode', () => {
  const pod = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'web-1',
      namespace: 'default',
      uid: '0b1e3a9c-2f8e-4d8e-8f2c-7a0b5d3e6f10',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2026-01-02T03:04:05Z',
      deletionGracePeriodSeconds: 0,
      labels: { zeta: '1', app: 'web', '10': 'ten', '9': 'nine' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u-1', controller: true, blockOwnerDeletion: true }],
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } } }],
    },
    spec: {
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'config', configMap: { name: 'cfg', defaultMode: 420, items: [{ key: 'a', path: 'a.conf' }] } },
      ],
      containers: [
        {
          name: 'web',
          image: 'busybox',
          command: ['httpd', '-f'],
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
          resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '250m' } },
          livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10 },
          readinessProbe: { tcpSocket: { port: 80 } },
          securityContext: { privileged: false, runAsNonRoot: true, runAsUser: 0 },
        },
      ],
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 30,
      nodeSelector: { disk: 'ssd' },
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }],
    },
    status: { phase: 'Running', podIP: '10.0.0.5', startTime: '2026-01-02T03:04:06Z', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T03:04:07Z' }] },
  };
  const decoded = roundTrip(pod) as Record<string, any>;
  assert.deepEqual(decoded.metadata, { ...pod.metadata });
  assert.deepEqual(Object.keys(decoded.metadata.labels), ['9', '10', 'app', 'zeta'], 'JavaScript orders integer keys first; Go sorts them as strings — same map');
  assert.deepEqual(decoded.spec.volumes[0], { name: 'scratch', emptyDir: {} }, 'VolumeSource is inlined; a present empty pointer stays {}');
  assert.deepEqual(decoded.spec.volumes[1], { name: 'config', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.conf' }], defaultMode: 420 } });
  const container = decoded.spec.containers[0];
  assert.deepEqual(container.resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '250m' } });
  assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'http', scheme: 'HTTP' });
  assert.deepEqual(container.readinessProbe.tcpSocket, { port: 80 });
  assert.deepEqual(container.securityContext, { privileged: false, runAsUser: 0, runAsNonRoot: true }, 'pointers keep false and 0');
  assert.equal(decoded.spec.automountServiceAccountToken, false);
  assert.deepEqual(decoded.spec.tolerations, pod.spec.tolerations);
  assert.deepEqual(decoded.status.conditions, [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-02T03:04:07Z' }]);
  assert.equal(decoded.status.startTime, '2026-01-02T03:04:06Z');
  // Go's zero values appear as Go prints them.
  assert.equal(container.terminationMessagePath, undefined, 'omitempty string left out');
  assert.equal(decoded.spec.containers[0].ports[0].hostPort, undefined);
  // And the Go form is a fixed point.
  assert.deepEqual(Buffer.from(encodeKubernetesProtobuf(decoded)), Buffer.from(encodeKubernetesProtobuf(roundTrip(decoded))));
  assert.deepEqual(roundTrip(decoded), decoded);
});

test('Secret bytes are base64 in JSON, any bytes', () => {
  const data = { bin: Buffer.from([0, 0xff, 0x80, 10]).toString('base64'), empty: '', text: Buffer.from('héllo').toString('base64') };
  const decoded = roundTrip({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data, stringData: { x: 'y' }, type: 'Opaque', immutable: true });
  assert.deepEqual(decoded, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's', creationTimestamp: null }, immutable: true, data, stringData: { x: 'y' }, type: 'Opaque' });
});

test('MicroTime keeps microseconds, Time whole seconds', () => {
  const lease = roundTrip({
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: { name: 'node-1', namespace: 'kube-node-lease', creationTimestamp: '2026-01-02T03:04:05.999Z' },
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-01-02T03:04:05.123456Z', acquireTime: '2026-01-02T12:04:05.000001+09:00' },
  }) as Record<string, any>;
  assert.equal(lease.metadata.creationTimestamp, '2026-01-02T03:04:05Z');
  assert.deepEqual(lease.spec, { holderIdentity: 'node-1', leaseDurationSeconds: 40, acquireTime: '2026-01-02T03:04:05.000001Z', renewTime: '2026-01-02T03:04:05.123456Z' });
});

test('IntOrString, Quantity, label selectors and json_name fields', () => {
  const pdb = roundTrip({ kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', metadata: { name: 'p' }, spec: { maxUnavailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] } } }) as Record<string, any>;
  assert.deepEqual(pdb.spec, { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }, maxUnavailable: 1 });
  const quota = roundTrip({ kind: 'ResourceQuota', apiVersion: 'v1', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '1500m', pods: '10', memory: 2048 } } }) as Record<string, any>;
  assert.deepEqual(quota.spec.hard, { memory: '2048', pods: '10', 'requests.cpu': '1500m' });
  const ingressClass = roundTrip({ kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' } } }) as Record<string, any>;
  assert.deepEqual(ingressClass.spec.parameters, { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p', scope: null }, 'a nil pointer without omitempty is null, as Go prints it');
  const token = roundTrip({ kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name: 'sa' }, spec: { audiences: ['a'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u-1' } } }) as Record<string, any>;
  assert.deepEqual(token.spec.boundObjectRef, { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u-1' });
});

test('RawExtension holds JSON, or an embedded protobuf object', () => {
  const revision = { kind: 'ControllerRevision', apiVersion: 'apps/v1', metadata: { name: 'web-1' }, data: { spec: { template: { x: [1, 'two', null] } } }, revision: 2 };
  assert.deepEqual(roundTrip(revision), { ...revision, metadata: { name: 'web-1', creationTimestamp: null } });

  // A WatchEvent as a protobuf watch stream frames it: the object is itself k8s\0 protobuf.
  const configMap = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', creationTimestamp: null }, data: { a: 'b' } };
  const watchEventType = messageTypeFor('v1', 'WatchEvent')!;
  const raw = watchEventType.encode({ type: 'ADDED', object: { raw: encodeKubernetesProtobuf(configMap) } }).finish();
  const envelope = runtimeUnknownType().encode({ typeMeta: { apiVersion: 'v1', kind: 'WatchEvent' }, raw }).finish();
  const event = decodeKubernetesProtobuf(Buffer.concat([Buffer.from('k8s\0'), envelope]));
  assert.deepEqual(event.object, { kind: 'WatchEvent', apiVersion: 'v1', type: 'ADDED', object: configMap });

  // Objects in objects in objects…: a limit, not a stack overflow.
  let nested = encodeKubernetesProtobuf(configMap);
  for (let depth = 0; depth < 12; depth++) {
    const eventRaw = watchEventType.encode({ type: 'ADDED', object: { raw: nested } }).finish();
    nested = Buffer.concat([Buffer.from('k8s\0'), runtimeUnknownType().encode({ typeMeta: { apiVersion: 'v1', kind: 'WatchEvent' }, raw: eventRaw }).finish()]);
  }
  throwsInvalidArgument(() => decodeKubernetesProtobuf(nested), /embedded more than 8 deep/);
});

test('Status, lists and discovery lists encode for protobuf clients', () => {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'pods' }, code: 404 };
  assert.deepEqual(roundTrip(status), status);
  const list = roundTrip({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '9', continue: 'abc' }, items: [{ metadata: { name: 'a' }, data: { k: 'v' } }] });
  assert.deepEqual(list, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '9', continue: 'abc' }, items: [{ metadata: { name: 'a', creationTimestamp: null }, data: { k: 'v' } }] });
  const resources = roundTrip({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'v1', resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] }] });
  assert.deepEqual(resources['resources'], [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] }]);
});

test('what is not Kubernetes protobuf is a 400, never another error', () => {
  throwsInvalidArgument(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}')), /does not start with "k8s\\x00"/);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(new Uint8Array()), /does not start/);
  const envelope = (typeMeta: object, extra: object = {}) => Buffer.concat([Buffer.from('k8s\0'), runtimeUnknownType().encode({ typeMeta, raw: new Uint8Array(), ...extra }).finish()]);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(envelope({ apiVersion: 'v1', kind: 'Gadget' })), /no kind "Gadget" is known in apiVersion "v1"/);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(envelope({ apiVersion: 'example.com/v1', kind: 'Widget' })), /no kind "Widget"/);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(envelope({})), /no kind ""/);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(envelope({ apiVersion: 'v1', kind: 'Pod' }, { contentEncoding: 'gzip' })), /contentEncoding "gzip"/);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(envelope({ apiVersion: 'v1', kind: 'Pod' }, { contentType: 'application/cbor' })), /contentType/);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(Buffer.from([...Buffer.from('k8s\0'), 0x0a, 0x50, 0x01])), /malformed protobuf body/);
  const badRevision = Buffer.concat([Buffer.from('k8s\0'), runtimeUnknownType().encode({ typeMeta: { apiVersion: 'apps/v1', kind: 'ControllerRevision' }, raw: messageTypeFor('apps/v1', 'ControllerRevision')!.encode({ data: { raw: Buffer.from([0xc3, 0x28]) } }).finish() }).finish()]);
  throwsInvalidArgument(() => decodeKubernetesProtobuf(badRevision), /RawExtension holds neither JSON nor/);
});

test('encoding an unknown kind or a mistyped value fails cleanly', () => {
  assert.throws(() => encodeKubernetesProtobuf({ kind: 'Widget', apiVersion: 'example.com/v1' }), (err) => isMinatoError(err, 'InvalidArgument'));
  assert.throws(
    () => encodeKubernetesProtobuf({ kind: 'Deployment', apiVersion: 'apps/v1', spec: { replicas: 'two' } }),
    (err) => isMinatoError(err, 'Internal') && /Deployment\.spec\.replicas/.test(err.message),
  );
  assert.throws(() => encodeKubernetesProtobuf({ kind: 'Pod', apiVersion: 'v1', metadata: { creationTimestamp: 'yesterday' } }), (err) => isMinatoError(err, 'Internal'));
});

test('isProtobufContentType', () => {
  assert.equal(isProtobufContentType('application/vnd.kubernetes.protobuf'), true);
  assert.equal(isProtobufContentType('Application/VND.Kubernetes.Protobuf; charset=binary'), true);
  assert.equal(isProtobufContentType('application/vnd.kubernetes.protobuf;stream=watch'), true);
  assert.equal(isProtobufContentType('application/json'), false);
  assert.equal(isProtobufContentType('application/vnd.kubernetes.protobuf+json'), false);
  assert.equal(isProtobufContentType(undefined), false);
  assert.equal(isProtobufContentType(''), false);
});
