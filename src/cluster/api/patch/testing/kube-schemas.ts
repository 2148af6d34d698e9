// Hand-written PatchSchemas for the patch tests: the parts of Deployment and Pod the tests
// touch, with the merge metadata Kubernetes' types.go gives them (patchStrategy/patchMergeKey
// struct tags, +listType/+listMapKey/+mapType markers, as of k8s.io/api v0.32).
import type { PatchSchema } from '../../patch-schema.ts';
import { type ListLiteral, type SchemaLiteral, type StructLiteral, schemaFromLiteral } from '../schema-literal.ts';

/** A list merged by key in both strategic merge patch and server-side apply. */
export const keyedList = (items: SchemaLiteral, mergeKey: string, mapKeys: readonly string[] = [mergeKey]): ListLiteral => ({
  $list: items,
  $patchStrategy: 'merge',
  $patchMergeKey: mergeKey,
  $listType: 'map',
  $listMapKeys: mapKeys,
});

export const atomicList = (items: SchemaLiteral): ListLiteral => ({ $list: items, $listType: 'atomic' });

export const objectMeta: StructLiteral = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'integer',
  creationTimestamp: 'string',
  deletionTimestamp: 'string',
  labels: { $map: 'string' },
  annotations: { $map: 'string' },
  finalizers: { $list: 'string', $patchStrategy: 'merge', $listType: 'set' },
  ownerReferences: keyedList({ apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean', blockOwnerDeletion: 'boolean' }, 'uid'),
  managedFields: atomicList({ manager: 'string', operation: 'string', apiVersion: 'string', time: 'string', fieldsType: 'string', fieldsV1: 'any', subresource: 'string' }),
};

const container: StructLiteral = {
  name: 'string',
  image: 'string',
  imagePullPolicy: 'string',
  command: atomicList('string'),
  args: atomicList('string'),
  workingDir: 'string',
  ports: keyedList({ name: 'string', containerPort: 'integer', hostPort: 'integer', protocol: { $type: 'string', $default: 'TCP' } }, 'containerPort', ['containerPort', 'protocol']),
  env: keyedList({ name: 'string', value: 'string', valueFrom: 'any' }, 'name'),
  resources: { limits: { $map: 'string' }, requests: { $map: 'string' } },
  volumeMounts: keyedList({ name: 'string', mountPath: 'string', readOnly: 'boolean', subPath: 'string' }, 'mountPath'),
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
};

const toleration: StructLiteral = { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'integer' };

const volume: StructLiteral = {
  name: 'string',
  emptyDir: { medium: 'string', sizeLimit: 'string' },
  hostPath: { path: 'string', type: 'string' },
  configMap: { name: 'string', defaultMode: 'integer', items: atomicList({ key: 'string', path: 'string' }) },
  secret: { secretName: 'string', defaultMode: 'integer' },
};

export const podSpec: StructLiteral = {
  containers: keyedList(container, 'name'),
  initContainers: keyedList(container, 'name'),
  volumes: { ...keyedList(volume, 'name'), $patchStrategy: 'merge,retainKeys' },
  tolerations: atomicList(toleration),
  nodeSelector: { $map: 'string', $mapType: 'atomic' },
  imagePullSecrets: keyedList({ name: 'string' }, 'name'),
  restartPolicy: 'string',
  dnsPolicy: 'string',
  schedulerName: 'string',
  serviceAccountName: 'string',
  terminationGracePeriodSeconds: 'integer',
  securityContext: { runAsUser: 'integer', runAsNonRoot: 'boolean' },
};

const condition: StructLiteral = { type: 'string', status: 'string', reason: 'string', message: 'string', lastUpdateTime: 'string', lastTransitionTime: 'string' };

export const deploymentLiteral: StructLiteral = {
  apiVersion: 'string',
  kind: 'string',
  metadata: objectMeta,
  spec: {
    replicas: 'integer',
    selector: { $meta: { mapType: 'atomic' }, matchLabels: { $map: 'string' }, matchExpressions: atomicList({ key: 'string', operator: 'string', values: atomicList('string') }) },
    template: { metadata: objectMeta, spec: podSpec },
    strategy: { $meta: { patchStrategy: 'retainKeys' }, type: 'string', rollingUpdate: { maxSurge: 'any', maxUnavailable: 'any' } },
    minReadySeconds: 'integer',
    revisionHistoryLimit: 'integer',
    progressDeadlineSeconds: 'integer',
    paused: 'boolean',
  },
  status: {
    observedGeneration: 'integer',
    replicas: 'integer',
    updatedReplicas: 'integer',
    readyReplicas: 'integer',
    availableReplicas: 'integer',
    conditions: keyedList(condition, 'type'),
  },
};

export const deploymentSchema: PatchSchema = schemaFromLiteral(deploymentLiteral);

export const podSchema: PatchSchema = schemaFromLiteral({ apiVersion: 'string', kind: 'string', metadata: objectMeta, spec: podSpec, status: 'any' });
