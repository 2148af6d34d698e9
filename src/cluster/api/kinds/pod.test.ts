import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../resource-type.ts';
import { defaultPullPolicy } from './pod-defaults.ts';
import { podResource } from './pod.ts';
import { causes, cells, create, messages, update } from './testing.ts';

function pod(spec: Partial<NonNullable<Pod['spec']>> = {}, extra: Partial<Pod> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], ...spec },
    ...extra,
  } as unknown as KubeObject;
}

test('image pull policy: Always for :latest or no tag, IfNotPresent for other tags and digests', () => {
  const cases: [string, string][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['registry.local:5000/team/app', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.local:5000/team/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
  ];
  for (const [image, policy] of cases) assert.equal(defaultPullPolicy(image), policy, image);
});

test('a new pod shows the defaults kubectl get -o yaml shows', () => {
  const { object, errors } = create(podResource, pod({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } } }] }));
  assert.deepEqual(errors, []);
  const spec = (object as Pod).spec!;
  assert.equal(spec.restartPolicy, 'Always');
  assert.equal(spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.equal(spec.schedulerName, 'default-scheduler');
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  const container = spec.containers[0]!;
  assert.equal(container.imagePullPolicy, 'Always');
  assert.equal(container.terminationMessagePath, '/dev/termination-log');
  assert.equal(container.terminationMessagePolicy, 'File');
  assert.equal(container.ports![0]!.protocol, 'TCP');
  assert.deepEqual(container.resources, {});
  assert.deepEqual(container.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(object.status, { phase: 'Pending', qosClass: 'BestEffort' });
});

test('volumes: a volume without a source is an emptyDir; secret and configMap files default to mode 0644', () => {
  const { object } = create(
    podResource,
    pod({ volumes: [{ name: 'scratch' }, { name: 'config', configMap: { name: 'app' } }, { name: 'creds', secret: { secretName: 'db' } }, { name: 'host', hostPath: { path: '/data' } }] }),
  );
  assert.deepEqual((object as Pod).spec!.volumes, [
    { name: 'scratch', emptyDir: {} },
    { name: 'config', configMap: { name: 'app', defaultMode: 420 } },
    { name: 'creds', secret: { secretName: 'db', defaultMode: 420 } },
    { name: 'host', hostPath: { path: '/data', type: '' } },
  ]);
});

test('requests default to limits, quantities are canonical, and the QoS class follows', () => {
  const guaranteed = create(podResource, pod({ containers: [{ name: 'web', image: 'nginx:1', resources: { limits: { cpu: '0.5', memory: '1024Mi' } } }] }));
  const container = (guaranteed.object as Pod).spec!.containers[0]!;
  assert.deepEqual(container.resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  assert.equal((guaranteed.object.status as { qosClass: string }).qosClass, 'Guaranteed');
  const burstable = create(podResource, pod({ containers: [{ name: 'web', image: 'nginx:1', resources: { requests: { cpu: '100m' } } }] }));
  assert.equal((burstable.object.status as { qosClass: string }).qosClass, 'Burstable');
});

test('on the host network, host ports default to the container ports', () => {
  const { object } = create(podResource, pod({ hostNetwork: true }));
  assert.equal((object as Pod).spec!.containers[0]!.ports![0]!.hostPort, 80);
});

test('a pod with scheduling gates starts with the SchedulingGated condition', () => {
  const { object } = create(podResource, pod({ schedulingGates: [{ name: 'example.com/wait' }] }));
  const [condition] = (object as Pod).status!.conditions!;
  assert.equal(condition!.reason, 'SchedulingGated');
  assert.equal(cells(podResource, object).Status, 'SchedulingGated');
});

test('common mistakes in pods, with their paths and causes', () => {
  const container = { name: 'web', image: 'nginx:1.27' };
  const cases: { name: string; spec: Partial<NonNullable<Pod['spec']>>; expected: string[] }[] = [
    { name: 'no containers', spec: { containers: [] }, expected: ['spec.containers: FieldValueRequired'] },
    { name: 'container without a name', spec: { containers: [{ ...container, name: '' }] }, expected: ['spec.containers[0].name: FieldValueRequired'] },
    { name: 'container name not a DNS label', spec: { containers: [{ ...container, name: 'Web_1' }] }, expected: ['spec.containers[0].name: FieldValueInvalid'] },
    { name: 'two containers of one name', spec: { containers: [container, { ...container }] }, expected: ['spec.containers[1].name: FieldValueDuplicate'] },
    { name: 'no image', spec: { containers: [{ name: 'web' }] }, expected: ['spec.containers[0].image: FieldValueRequired'] },
    { name: 'unknown restart policy', spec: { containers: [container], restartPolicy: 'Sometimes' }, expected: ['spec.restartPolicy: FieldValueNotSupported'] },
    { name: 'lower-case protocol', spec: { containers: [{ ...container, ports: [{ containerPort: 80, protocol: 'tcp' }] }] }, expected: ['spec.containers[0].ports[0].protocol: FieldValueNotSupported'] },
    { name: 'port out of range', spec: { containers: [{ ...container, ports: [{ containerPort: 70000 }] }] }, expected: ['spec.containers[0].ports[0].containerPort: FieldValueInvalid'] },
    {
      name: 'two ports of one name',
      spec: { containers: [{ ...container, ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] }] },
      expected: ['spec.containers[0].ports[1].name: FieldValueDuplicate'],
    },
    { name: 'unknown pull policy', spec: { containers: [{ ...container, imagePullPolicy: 'Sometimes' }] }, expected: ['spec.containers[0].imagePullPolicy: FieldValueNotSupported'] },
    { name: 'mount of a missing volume', spec: { containers: [{ ...container, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }, expected: ['spec.containers[0].volumeMounts[0].name: FieldValueNotFound'] },
    { name: 'unparseable quantity', spec: { containers: [{ ...container, resources: { requests: { cpu: '1 core' } } }] }, expected: ['spec.containers[0].resources.requests[cpu]: FieldValueInvalid'] },
    { name: 'request above limit', spec: { containers: [{ ...container, resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } }] }, expected: ['spec.containers[0].resources.requests: FieldValueInvalid'] },
    { name: 'environment variable without a name', spec: { containers: [{ ...container, env: [{ name: '', value: 'x' }] }] }, expected: ['spec.containers[0].env[0].name: FieldValueRequired', 'spec.containers[0].env[0].name: FieldValueInvalid'] },
    { name: 'probe without a handler', spec: { containers: [{ ...container, readinessProbe: { periodSeconds: 5 } }] }, expected: ['spec.containers[0].readinessProbe: FieldValueRequired'] },
    { name: 'volume name not a DNS label', spec: { containers: [container], volumes: [{ name: 'Data', emptyDir: {} }] }, expected: ['spec.volumes[0].name: FieldValueInvalid'] },
    { name: 'bad node selector', spec: { containers: [container], nodeSelector: { disk: 'fast ssd' } }, expected: ['spec.nodeSelector: FieldValueInvalid'] },
  ];
  for (const { name, spec, expected } of cases) {
    const { errors } = create(podResource, pod(spec));
    assert.deepEqual(causes(errors), expected, name);
  }
});

test('the messages of enumerated fields list the supported values', () => {
  const restart = create(podResource, pod({ restartPolicy: 'Sometimes' }));
  assert.deepEqual(messages(restart.errors), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']);
  const protocol = create(podResource, pod({ containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'tcp' }] }] }));
  assert.deepEqual(messages(protocol.errors), ['spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"']);
  const port = create(podResource, pod({ containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 70000 }] }] }));
  assert.deepEqual(messages(port.errors), ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']);
  const limit = create(podResource, pod({ containers: [{ name: 'web', image: 'nginx:1', resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } }] }));
  assert.deepEqual(messages(limit.errors), ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m']);
});

test('updates may change images but not the rest of the spec, and keep the status', () => {
  const stored = create(podResource, pod()).object;
  stored.status = { phase: 'Running', podIP: '10.0.0.5' };
  const newImage = structuredClone(stored);
  (newImage as unknown as Pod).spec!.containers[0]!.image = 'nginx:1.28';
  newImage.status = { phase: 'Failed' };
  const imageUpdate = update(podResource, stored, newImage);
  assert.deepEqual(imageUpdate.errors, []);
  assert.deepEqual(imageUpdate.object.status, { phase: 'Running', podIP: '10.0.0.5' });

  const newPort = structuredClone(stored) as Pod;
  newPort.spec!.containers[0]!.ports = [{ containerPort: 8080, protocol: 'TCP' }];
  const portUpdate = update(podResource, stored, newPort as unknown as KubeObject);
  assert.deepEqual(causes(portUpdate.errors), ['spec: FieldValueForbidden']);
  assert.match(
    portUpdate.errors[0]!.detail!,
    /^pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)/,
  );
});

test('selectable fields for field selectors', () => {
  const { object } = create(podResource, pod({ nodeName: 'node-1', serviceAccountName: 'builder' }));
  object.status = { phase: 'Running', podIPs: [{ ip: '10.0.0.7' }] };
  assert.deepEqual(podResource.selectableFields!(object), {
    'spec.nodeName': 'node-1',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'builder',
    'spec.hostNetwork': 'false',
    'status.phase': 'Running',
    'status.podIP': '10.0.0.7',
    'status.nominatedNodeName': '',
  });
});

test('table columns are kubectl\'s, wide ones at priority 1', () => {
  assert.deepEqual(
    podResource.table.columns.map((column) => `${column.name}/${column.priority}`),
    ['Name/0', 'Ready/0', 'Status/0', 'Restarts/0', 'Age/0', 'IP/1', 'Node/1', 'Nominated Node/1', 'Readiness Gates/1'],
  );
});
