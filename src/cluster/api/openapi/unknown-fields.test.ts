import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownFieldMessage, unknownFieldPaths } from './unknown-fields.ts';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    labels: { app: 'web', 'example.com/anything': 'x' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'a', image: 'busybox', resources: { limits: { cpu: '1', memory: '1Gi' } }, env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
          { name: 'b', image: 'busybox', ports: [{ containerPort: 80, protocol: 'TCP' }] },
        ],
        nodeSelector: { disk: 'ssd' },
      },
    },
  },
  status: { replicas: 0, conditions: [{ type: 'Available', status: 'True' }] },
};

test('a valid object has no unknown fields', () => {
  assert.deepEqual(unknownFieldPaths('apps', 'v1', 'Deployment', deployment), []);
});

test('typos at several depths, reported as Kubernetes writes the paths, in document order', () => {
  const typo = structuredClone(deployment) as Record<string, any>;
  typo.spec.replica = 3;
  typo.spec.template.spec.containers[0].imagePullPolcy = 'Always';
  typo.spec.template.spec.containers[1].ports[0].hostPrt = 8080;
  typo.spec.template.spec.containers[0].env[0].valueFrom.fieldRef.path = 'x';
  typo.metadata.nmae = 'oops';
  typo.spec.strategy.rollingUpdate.maxSurge = '30%';
  typo.extra = true;
  // Document order: spec.replica was added after spec.template.
  assert.deepEqual(unknownFieldPaths('apps', 'v1', 'Deployment', typo), [
    'metadata.nmae',
    'spec.template.spec.containers[0].env[0].valueFrom.fieldRef.path',
    'spec.template.spec.containers[0].imagePullPolcy',
    'spec.template.spec.containers[1].ports[0].hostPrt',
    'spec.replica',
    'extra',
  ]);
  assert.equal(unknownFieldMessage('spec.replica'), 'unknown field "spec.replica"');

  const hpa = { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilisation: 50 } } }] } };
  assert.deepEqual(unknownFieldPaths('autoscaling', 'v2', 'HorizontalPodAutoscaler', hpa), ['spec.metrics[0].resource.target.averageUtilisation']);
});

test('free-form places are not looked into', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: { anything: 'goes' }, managedFields: [{ fieldsV1: { 'f:anything': { '.': {} } } }] },
    spec: { containers: [{ name: 'c', image: 'i' }], nodeSelector: { any: 'key' }, overhead: { cpu: '100m' } },
  };
  assert.deepEqual(unknownFieldPaths('', 'v1', 'Pod', pod), []);
  // RawExtension: a ControllerRevision's data holds any object.
  assert.deepEqual(unknownFieldPaths('apps', 'v1', 'ControllerRevision', { revision: 1, data: { kind: 'Whatever', deep: { x: 1 } } }), []);
  // Maps of strings take any key; a value of the wrong type is validation's business.
  assert.deepEqual(unknownFieldPaths('', 'v1', 'Secret', { data: { key: 'c2VjcmV0' }, stringData: { a: 'b' } }), []);
  assert.deepEqual(unknownFieldPaths('', 'v1', 'Pod', { spec: { containers: 'not a list', nodeName: { not: 'a string' } } }), []);
});

test('a kind without a schema has nothing to say', () => {
  assert.deepEqual(unknownFieldPaths('example.com', 'v1', 'Widget', { anything: 1 }), []);
});
