// Every kind the registry serves has a protobuf message: kubectl ≥ 1.32 sends the bodies of
// its generators (create deployment, create pdb, create priorityclass, autoscale) as protobuf
// only, and 1.32's autoscale sends an autoscaling/v1 HorizontalPodAutoscaler.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allResources } from '../registry.ts';
import { groupVersion } from '../resource-type.ts';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from './index.ts';

test('every served kind decodes from protobuf', () => {
  for (const type of allResources()) {
    const object = { apiVersion: groupVersion(type), kind: type.kind, metadata: { name: 'x' } };
    const decoded = decodeKubernetesProtobuf(encodeKubernetesProtobuf(object));
    assert.deepEqual([decoded.apiVersion, decoded.kind], [object.apiVersion, object.kind]);
  }
});

test('what kubectl 1.32 sends for autoscale, create pdb and create priorityclass', () => {
  const roundTrip = (object: Record<string, unknown>) => decodeKubernetesProtobuf(encodeKubernetesProtobuf(object)).object;
  const hpa = roundTrip({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 } });
  assert.deepEqual(hpa.spec, { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 });
  const pdb = roundTrip({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p1' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'x' } } } });
  assert.deepEqual(pdb.spec, { minAvailable: 1, selector: { matchLabels: { app: 'x' } } });
  assert.deepEqual(roundTrip({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p2' }, spec: { maxUnavailable: '50%' } }).spec, { maxUnavailable: '50%' });
  const pc = roundTrip({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' });
  assert.deepEqual([pc.value, pc.preemptionPolicy], [1000, 'Never']);
});

test('what kubectl 1.32 sends for certificate approve: a CertificateSigningRequest, bytes and extra intact', () => {
  const roundTrip = (object: Record<string, unknown>) => decodeKubernetesProtobuf(encodeKubernetesProtobuf(object)).object;
  const request = Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\n...\n-----END CERTIFICATE REQUEST-----\n').toString('base64');
  const csr = roundTrip({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'node-csr-x' },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'], username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'], extra: { scopes: ['a', 'b'] }, expirationSeconds: 3600 },
    status: { conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'ok', lastUpdateTime: '2026-01-01T00:00:00Z' }] },
  });
  assert.deepEqual(csr.spec, { request, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', expirationSeconds: 3600, usages: ['digital signature', 'client auth'], username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'], extra: { scopes: ['a', 'b'] } });
  // A zero metav1.Time is null in Go's JSON, omitempty or not.
  assert.deepEqual(csr.status, { conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'ok', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: null }] });
});
