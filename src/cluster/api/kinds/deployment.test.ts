import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../resource-type.ts';
import { deploymentResource } from './deployment.ts';
import { causes, cells, create, messages, update } from './testing.ts';

function deployment(spec: Partial<NonNullable<Deployment['spec']>> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      ...spec,
    },
  } as KubeObject;
}

test('a new deployment gets one replica, a 25%/25% rolling update, history of 10, a 600 s deadline, generation 1', () => {
  const { object, errors } = create(deploymentResource, deployment());
  assert.deepEqual(errors, []);
  const spec = (object as Deployment).spec!;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.equal(spec.template.spec!.containers[0]!.imagePullPolicy, 'IfNotPresent');
  assert.equal(spec.template.spec!.restartPolicy, 'Always');
  assert.equal(object.metadata!.generation, 1);
  assert.deepEqual(object.status, {});
});

test('a Recreate deployment gets no rolling update parameters', () => {
  const { object, errors } = create(deploymentResource, deployment({ strategy: { type: 'Recreate' } }));
  assert.deepEqual(errors, []);
  assert.deepEqual((object as Deployment).spec!.strategy, { type: 'Recreate' });
});

test('the selector must match the template labels, with Kubernetes\' message', () => {
  const { errors } = create(deploymentResource, deployment({ template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } }));
  assert.deepEqual(causes(errors), ['spec.template.metadata.labels: FieldValueInvalid']);
  assert.equal(errors[0]!.detail, '`selector` does not match template `labels`');
  assert.deepEqual(errors[0]!.value, { app: 'other' });
});

test('common mistakes in deployments', () => {
  const cases: { name: string; spec: Partial<NonNullable<Deployment['spec']>>; expected: string[] }[] = [
    { name: 'no selector', spec: { selector: undefined as never }, expected: ['spec.selector: FieldValueRequired'] },
    { name: 'empty selector', spec: { selector: {} }, expected: ['spec.selector: FieldValueInvalid'] },
    { name: 'negative replicas', spec: { replicas: -1 }, expected: ['spec.replicas: FieldValueInvalid'] },
    {
      name: 'pods that do not restart',
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'nginx', image: 'nginx' }] } } },
      expected: ['spec.template.spec.restartPolicy: FieldValueNotSupported'],
    },
    { name: 'unknown strategy', spec: { strategy: { type: 'BlueGreen' } }, expected: ['spec.strategy: FieldValueNotSupported'] },
    { name: 'surge and unavailability both zero', spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }, expected: ['spec.strategy.rollingUpdate.maxUnavailable: FieldValueInvalid'] },
    { name: 'percent without %', spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'half' } } }, expected: ['spec.strategy.rollingUpdate.maxSurge: FieldValueInvalid'] },
    { name: 'more than 100% unavailable', spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } } }, expected: ['spec.strategy.rollingUpdate.maxUnavailable: FieldValueInvalid'] },
    { name: 'deadline not above minReadySeconds', spec: { minReadySeconds: 30, progressDeadlineSeconds: 30 }, expected: ['spec.progressDeadlineSeconds: FieldValueInvalid'] },
    {
      name: 'a container without an image',
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx' }] } } },
      expected: ['spec.template.spec.containers[0].image: FieldValueRequired'],
    },
  ];
  for (const { name, spec, expected } of cases) assert.deepEqual(causes(create(deploymentResource, deployment(spec)).errors), expected, name);
  assert.deepEqual(messages(create(deploymentResource, deployment({ replicas: -1 })).errors), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
});

test('the selector is immutable; the template and replicas are not', () => {
  const stored = create(deploymentResource, deployment()).object;
  const changed = structuredClone(stored) as Deployment;
  changed.spec!.selector = { matchLabels: { app: 'web', tier: 'front' } };
  changed.spec!.template.metadata!.labels = { app: 'web', tier: 'front' };
  const result = update(deploymentResource, stored, changed as unknown as KubeObject);
  assert.deepEqual(causes(result.errors), ['spec.selector: FieldValueInvalid']);
  assert.equal(result.errors[0]!.detail, 'field is immutable');
});

test('the generation goes up with spec and annotation changes, not with labels; the status stays', () => {
  const stored = create(deploymentResource, deployment()).object;
  stored.status = { replicas: 1, readyReplicas: 1 };
  const scaled = structuredClone(stored) as Deployment;
  scaled.spec!.replicas = 3;
  delete (scaled as { status?: unknown }).status;
  const afterScale = update(deploymentResource, stored, scaled as unknown as KubeObject).object;
  assert.equal(afterScale.metadata!.generation, 2);
  assert.deepEqual(afterScale.status, { replicas: 1, readyReplicas: 1 });
  const relabelled = structuredClone(afterScale);
  relabelled.metadata!.labels = { team: 'a' };
  assert.equal(update(deploymentResource, afterScale, relabelled).object.metadata!.generation, 2);
  const annotated = structuredClone(afterScale);
  annotated.metadata!.annotations = { 'kubernetes.io/change-cause': 'bump' };
  assert.equal(update(deploymentResource, afterScale, annotated).object.metadata!.generation, 3);
});

test('kubectl get deployments: READY ready/desired, UP-TO-DATE, AVAILABLE, and the wide columns', () => {
  const { object } = create(deploymentResource, deployment({ replicas: 3 }));
  object.status = { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
  assert.deepEqual(cells(deploymentResource, object), {
    Name: 'web',
    Ready: '2/3',
    'Up-to-date': 3,
    Available: 2,
    Age: '60m',
    Containers: 'nginx',
    Images: 'nginx:1.27',
    Selector: 'app=web',
  });
  assert.deepEqual(deploymentResource.subresources.scale, { specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas', labelSelectorPath: 'spec.selector' });
});
