// Strategic merge patch cases taken from how Kubernetes documents it — the kubernetes.io task
// "Update API Objects in Place Using kubectl patch", the strategic-merge-patch.md design doc
// (kubernetes/community, contributors/devel/sig-api-machinery) and the semantics the
// apimachinery strategicpatch testdata pins down — with each expected result worked out from
// the documented rule it names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import type { PatchSchema } from '../patch-schema.ts';
import type { JsonObject } from './json-value.ts';
import { PatchError } from './patch-errors.ts';
import { schemaFromLiteral } from './schema-literal.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { deploymentSchema, keyedList } from './testing/kube-schemas.ts';

// A generic shape for the apimachinery-style cases: a list merged by "name", a merged
// int list, a replaced list, a map, and a retainKeys map.
const testSchema: PatchSchema = schemaFromLiteral({
  mergingList: keyedList({ name: 'any', value: 'any', other: 'any', nonMergingList: { $list: 'any' } }, 'name'),
  mergingIntList: { $list: 'integer', $patchStrategy: 'merge' },
  nonMergingList: { $list: 'any' },
  simpleMap: { $map: 'any' },
  retainKeysMap: { $meta: { patchStrategy: 'retainKeys' }, name: 'string', value: 'string', other: 'string' },
  finalizers: { $list: 'string', $patchStrategy: 'merge', $listType: 'set' },
});

const patchDemo = (): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'patch-demo' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'patch-demo-ctr', image: 'nginx' }], tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }] },
    },
  },
});

interface Case {
  name: string;
  rule: string;
  original: JsonObject;
  patch: JsonObject;
  expected?: JsonObject;
  error?: { status: number; message: RegExp };
  schema?: PatchSchema | undefined;
}

const cases: Case[] = [
  // kubernetes.io: "Use a strategic merge patch to update a Deployment"
  {
    name: 'kubectl patch task: adding a container merges the containers list',
    rule: 'containers has patchStrategy merge on name; an item the server lacks is added, ahead of server-only items that were not before it',
    schema: deploymentSchema,
    original: patchDemo(),
    patch: { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } } },
    expected: (() => {
      const d = patchDemo() as { spec: { template: { spec: { containers: unknown[] } } } };
      d.spec.template.spec.containers = [
        { name: 'patch-demo-ctr-2', image: 'redis' },
        { name: 'patch-demo-ctr', image: 'nginx' },
      ];
      return d as unknown as JsonObject;
    })(),
  },
  {
    name: 'kubectl patch task: tolerations are replaced',
    rule: 'tolerations has no patch strategy, so the default, replace, applies',
    schema: deploymentSchema,
    original: patchDemo(),
    patch: { spec: { template: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } } } },
    expected: (() => {
      const d = patchDemo() as { spec: { template: { spec: { tolerations: unknown[] } } } };
      d.spec.template.spec.tolerations = [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }];
      return d as unknown as JsonObject;
    })(),
  },
  {
    name: 'kubectl patch task: without $retainKeys, changing the strategy type keeps rollingUpdate',
    rule: 'maps merge: fields the patch does not mention stay',
    schema: deploymentSchema,
    original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } },
    patch: { spec: { strategy: { type: 'Recreate' } } },
    expected: { spec: { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } },
  },
  {
    name: 'kubectl patch task: $retainKeys clears rollingUpdate',
    rule: '$retainKeys: every field not listed is cleared',
    schema: deploymentSchema,
    original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    expected: { spec: { strategy: { type: 'Recreate' } } },
  },
  // strategic-merge-patch.md
  {
    name: 'design doc: $patch: replace in a map takes the map literally',
    rule: '"recursive and applies to all fields of the map it\'s in"',
    schema: deploymentSchema,
    original: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }], dnsPolicy: 'ClusterFirst' } } } },
    patch: { spec: { template: { spec: { $patch: 'replace', containers: [{ name: 'nginx', image: 'nginx-1.0' }] } } } },
    expected: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx-1.0' }] } } } },
  },
  {
    name: 'design doc: $patch: replace in a list of maps',
    rule: 'the list is strictly replaced by the other items, regardless of its merge strategy',
    schema: deploymentSchema,
    original: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }] } } } },
    patch: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx-1.0' }, { $patch: 'replace' }] } } } },
    expected: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx-1.0' }] } } } },
  },
  {
    name: 'design doc: $patch: delete removes the list item with that merge key',
    rule: 'delete directive in a merged list; the other item still merges',
    schema: deploymentSchema,
    original: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx-0.9' }, { name: 'log-tailer', image: 'tailer' }] } } } },
    patch: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx-1.0' }, { $patch: 'delete', name: 'log-tailer' }] } } } },
    expected: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx-1.0' }] } } } },
  },
  {
    name: 'design doc: rollingUpdate: null deletes the map',
    rule: 'null deletes a map key',
    schema: deploymentSchema,
    original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    patch: { spec: { strategy: { rollingUpdate: null } } },
    expected: { spec: { strategy: { type: 'RollingUpdate' } } },
  },
  {
    name: 'design doc: $deleteFromPrimitiveList removes values from finalizers',
    rule: 'finalizers has patchStrategy merge; the directive lists values to delete',
    schema: deploymentSchema,
    original: { metadata: { finalizers: ['a', 'b', 'c'] } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'c'] } },
    expected: { metadata: { finalizers: ['a'] } },
  },
  {
    name: 'design doc: $setElementOrder reorders a primitive list',
    rule: 'the relative order in the directive is retained',
    schema: deploymentSchema,
    original: { metadata: { finalizers: ['a', 'b', 'c'] } },
    patch: { metadata: { '$setElementOrder/finalizers': ['b', 'c', 'a'] } },
    expected: { metadata: { finalizers: ['b', 'c', 'a'] } },
  },
  {
    name: 'design doc: $setElementOrder reorders a list of maps by merge key',
    rule: 'each map in the directive only carries the merge key; contents are kept',
    schema: deploymentSchema,
    original: { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }, { name: 'c', image: '3' }] } } } },
    patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'c' }, { name: 'a' }] } } } },
    expected: { spec: { template: { spec: { containers: [{ name: 'b', image: '2' }, { name: 'c', image: '3' }, { name: 'a', image: '1' }] } } } },
  },
  {
    name: 'design doc: $retainKeys on a union clears the fields not listed',
    rule: 'all the fields not in the directive are cleared, without setting them to null',
    schema: undefined,
    original: { union: { foo: 'a', other: 'b' } },
    patch: { union: { $retainKeys: ['another', 'bar'], another: 'd', bar: 'c' } },
    expected: { union: { another: 'd', bar: 'c' } },
  },
  // apimachinery strategicpatch testdata semantics
  {
    name: 'testdata: merged scalar lists keep each value once',
    rule: 'a primitive list with merge strategy is a set',
    schema: testSchema,
    original: { mergingIntList: [1, 2] },
    patch: { mergingIntList: [2, 3] },
    expected: { mergingIntList: [1, 2, 3] },
  },
  {
    name: 'testdata: merging empty lists gives an empty list',
    rule: 'nothing to merge',
    schema: testSchema,
    original: { mergingList: [] },
    patch: { mergingList: [] },
    expected: { mergingList: [] },
  },
  {
    name: 'testdata: the patch order wins for the items it names',
    rule: 'patch items keep the patch order; server-only items are fitted in by server order',
    schema: testSchema,
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }, { name: 2, other: 'x' }] },
    expected: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }, { name: 2, value: 'b', other: 'x' }] },
  },
  {
    name: 'testdata: a server-only item that came first stays first',
    rule: 'server item 2 precedes patch item 3 in the server order, so it goes first',
    schema: testSchema,
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }] },
    expected: { mergingList: [{ name: 2, value: 'b' }, { name: 3, value: 'c' }, { name: 1, value: 'a' }] },
  },
  {
    name: 'testdata: the patch order wins in a merged int list',
    rule: 'same ordering rule for scalars',
    schema: testSchema,
    original: { mergingIntList: [1, 2, 3] },
    patch: { mergingIntList: [3, 1] },
    expected: { mergingIntList: [2, 3, 1] },
  },
  {
    name: 'testdata: $setElementOrder may name items the list does not have',
    rule: 'the order only orders what exists',
    schema: testSchema,
    original: { mergingList: [{ name: 1 }, { name: 3 }] },
    patch: { '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
    expected: { mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
  },
  {
    name: 'testdata: $setElementOrder must agree with the patch list',
    rule: 'the patch items must appear in the directive in the same relative order',
    schema: testSchema,
    original: { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
    patch: { '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
    error: { status: 400, message: /doesn't match \$setElementOrder list/ },
  },
  {
    name: 'testdata: a merged item without the merge key is an error',
    rule: 'items of a keyed list must carry the key',
    schema: testSchema,
    original: { mergingList: [{ name: 1, value: 'a' }] },
    patch: { mergingList: [{ value: 'b' }] },
    error: { status: 400, message: /^map: map\[value:b\] does not contain declared merge key: name$/ },
  },
  {
    name: 'testdata: $deleteFromPrimitiveList of a value the list lacks changes nothing',
    rule: 'deletion never adds',
    schema: testSchema,
    original: { mergingIntList: [1, 2] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [3] },
    expected: { mergingIntList: [1, 2] },
  },
  {
    name: 'testdata: $deleteFromPrimitiveList of a missing list adds no list',
    rule: 'deletion never adds',
    schema: testSchema,
    original: { foo: ['bar'] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [3] },
    expected: { foo: ['bar'] },
  },
  {
    name: 'testdata: deleting an item deletes every item with that key',
    rule: '"Delete operation will delete all entries in the list that match the merge key"',
    schema: testSchema,
    original: { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
    patch: { mergingList: [{ name: 1, $patch: 'delete' }, { name: 3, $patch: 'delete' }] },
    expected: { mergingList: [{ name: 2, value: 'a' }] },
  },
  {
    name: 'testdata: $patch: replace alone empties a merged list',
    rule: 'replace with no other items',
    schema: testSchema,
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    patch: { mergingList: [{ $patch: 'replace' }] },
    expected: { mergingList: [] },
  },
  {
    name: 'testdata: $patch: delete on a map leaves it empty',
    rule: 'apimachinery returns an empty map for a deleted map that exists',
    schema: testSchema,
    original: { simpleMap: { key1: 1, key2: 1 } },
    patch: { simpleMap: { $patch: 'delete' } },
    expected: { simpleMap: {} },
  },
  {
    name: 'testdata: $patch: replace at the top replaces everything',
    rule: 'replace directive on the root map',
    schema: testSchema,
    original: { name: 1, value: 1 },
    patch: { other: 'a', $patch: 'replace' },
    expected: { other: 'a' },
  },
  {
    name: 'testdata: a retainKeys map without the directive merges normally',
    rule: 'the retainKeys strategy only acts through the $retainKeys directive',
    schema: testSchema,
    original: { retainKeysMap: { name: 'foo', value: 'a' } },
    patch: { retainKeysMap: { value: null } },
    expected: { retainKeysMap: { name: 'foo' } },
  },
  {
    name: 'a nested list inside a merged item that does not merge is replaced',
    rule: 'strategy is per field',
    schema: testSchema,
    original: { mergingList: [{ name: 1, nonMergingList: [{ a: 1 }, { b: 2 }] }] },
    patch: { mergingList: [{ name: 1, nonMergingList: [{ c: 3 }] }] },
    expected: { mergingList: [{ name: 1, nonMergingList: [{ c: 3 }] }] },
  },
  {
    name: 'null deletes a map key; null for a missing key does nothing',
    rule: 'null deletes',
    schema: testSchema,
    original: { simpleMap: { a: 1, b: 2 } },
    patch: { simpleMap: { a: null, c: null } },
    expected: { simpleMap: { b: 2 } },
  },
  {
    name: 'nulls inside a new subtree are dropped',
    rule: 'apimachinery discards nulls of values the original lacks',
    schema: testSchema,
    original: {},
    patch: { simpleMap: { a: 1, b: null } },
    expected: { simpleMap: { a: 1 } },
  },
  {
    name: 'free-form values behave like a merge patch',
    rule: 'without a schema, maps merge and lists are replaced',
    schema: undefined,
    original: { spec: { items: [{ name: 'a' }, { name: 'b' }], config: { x: 1, y: 2 } } },
    patch: { spec: { items: [{ name: 'c' }], config: { y: null, z: 3 } } },
    expected: { spec: { items: [{ name: 'c' }], config: { x: 1, z: 3 } } },
  },
  // Deployment-shaped cases
  {
    name: 'kubectl set image: one container of two changes its image',
    rule: 'containers merge on name',
    schema: deploymentSchema,
    original: { spec: { template: { spec: { containers: [{ name: 'web', image: 'busybox:1', ports: [{ containerPort: 80 }] }, { name: 'log', image: 'log:1' }] } } } },
    patch: { spec: { template: { spec: { containers: [{ image: 'busybox:3', name: 'web' }] } } } },
    expected: { spec: { template: { spec: { containers: [{ name: 'web', image: 'busybox:3', ports: [{ containerPort: 80 }] }, { name: 'log', image: 'log:1' }] } } } },
  },
  {
    name: 'kubectl rollout restart: an annotation is added to the template',
    rule: 'maps merge',
    schema: deploymentSchema,
    original: { spec: { template: { metadata: { labels: { app: 'web' } } } } },
    patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
    expected: { spec: { template: { metadata: { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
  },
  {
    name: 'kubectl apply: removing an env var and a port, keeping the order',
    rule: '$setElementOrder plus delete directives, as kubectl computes them',
    schema: deploymentSchema,
    original: {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                  { name: 'C', value: '3' },
                ],
                ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }],
              },
            ],
          },
        },
      },
    },
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }],
                '$setElementOrder/ports': [{ containerPort: 80 }],
                env: [{ $patch: 'delete', name: 'B' }],
                name: 'web',
                ports: [{ $patch: 'delete', containerPort: 443 }],
              },
            ],
          },
        },
      },
    },
    expected: {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  { name: 'C', value: '3' },
                  { name: 'A', value: '1' },
                ],
                ports: [{ containerPort: 80, protocol: 'TCP' }],
              },
            ],
          },
        },
      },
    },
  },
  {
    name: 'volumes: $retainKeys inside a merged item switches the volume source',
    rule: 'volumes merge on name with retainKeys; the directive clears the old source',
    schema: deploymentSchema,
    original: { spec: { template: { spec: { volumes: [{ name: 'data', emptyDir: {} }, { name: 'conf', configMap: { name: 'c' } }] } } } },
    patch: { spec: { template: { spec: { volumes: [{ $retainKeys: ['hostPath', 'name'], hostPath: { path: '/x' }, name: 'data' }] } } } },
    expected: { spec: { template: { spec: { volumes: [{ name: 'data', hostPath: { path: '/x' } }, { name: 'conf', configMap: { name: 'c' } }] } } } },
  },
  {
    name: 'ownerReferences merge on uid',
    rule: 'patchMergeKey uid',
    schema: deploymentSchema,
    original: { metadata: { ownerReferences: [{ uid: 'u1', name: 'a', kind: 'X', apiVersion: 'v1' }] } },
    patch: { metadata: { ownerReferences: [{ uid: 'u2', name: 'b', kind: 'X', apiVersion: 'v1' }] } },
    expected: {
      metadata: {
        ownerReferences: [
          { uid: 'u2', name: 'b', kind: 'X', apiVersion: 'v1' },
          { uid: 'u1', name: 'a', kind: 'X', apiVersion: 'v1' },
        ],
      },
    },
  },
  {
    name: 'finalizers: a removal and an addition as kubectl apply sends them',
    rule: '$deleteFromPrimitiveList plus $setElementOrder plus the added value',
    schema: deploymentSchema,
    original: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], '$setElementOrder/finalizers': ['b', 'c'], finalizers: ['c'] } },
    expected: { metadata: { finalizers: ['b', 'c'] } },
  },
  // errors
  {
    name: 'lists of lists cannot merge',
    rule: 'ErrNoListOfLists is a 422',
    schema: testSchema,
    original: { mergingIntList: [[1]] },
    patch: { mergingIntList: [[2]] },
    error: { status: 422, message: /^lists of lists are not supported$/ },
  },
  {
    name: 'an unknown $patch directive',
    rule: 'only replace and delete exist in maps',
    schema: testSchema,
    original: { simpleMap: { a: 1 } },
    patch: { simpleMap: { $patch: 'frobnicate' } },
    error: { status: 400, message: /^unknown patch type: frobnicate in map: map\[\$patch:frobnicate\]$/ },
  },
  {
    name: '$patch: merge inside a list',
    rule: '"merging lists cannot yet be specified in the patch"',
    schema: testSchema,
    original: { mergingList: [{ name: 1 }] },
    patch: { mergingList: [{ $patch: 'merge' }] },
    error: { status: 400, message: /merging lists cannot yet be specified in the patch/ },
  },
  {
    name: 'a field outside $retainKeys',
    rule: 'every field the patch sets must be retained',
    schema: testSchema,
    original: { retainKeysMap: { name: 'a' } },
    patch: { retainKeysMap: { $retainKeys: ['name'], value: 'b' } },
    error: { status: 400, message: /^invalid patch format of retainKeys$/ },
  },
  {
    name: 'a malformed $setElementOrder key',
    rule: 'the directive needs a field name',
    schema: testSchema,
    original: {},
    patch: { $setElementOrderX: [] },
    error: { status: 400, message: /^invalid patch format of setElementOrder list$/ },
  },
];

for (const c of cases) {
  test(`strategic merge patch: ${c.name}`, () => {
    const original = structuredClone(c.original);
    const patch = structuredClone(c.patch);
    if (c.error) {
      assert.throws(
        () => applyStrategicMergePatch(original, patch, c.schema),
        (err: unknown) => err instanceof PatchError && err.httpStatus === c.error!.status && c.error!.message.test(err.message),
        c.rule,
      );
    } else {
      assert.deepEqual(applyStrategicMergePatch(original, patch, c.schema), c.expected, c.rule);
    }
    assert.deepEqual(original, c.original, 'the original is not changed');
    assert.deepEqual(patch, c.patch, 'the patch is not changed');
  });
}

test('the patch kubectl apply sends for a changed image (the brief example)', () => {
  const live = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}\n' } },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'busybox:1', imagePullPolicy: 'IfNotPresent' }] } } },
  };
  const patch = JSON.parse(
    '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"new\\":true}\\n"}},"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"busybox:2","name":"web"}]}}}}',
  ) as JsonObject;
  assert.deepEqual(applyStrategicMergePatch(live, patch, deploymentSchema), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' } },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'busybox:2', imagePullPolicy: 'IfNotPresent' }] } } },
  });
});

test('errors are MinatoErrors', () => {
  try {
    applyStrategicMergePatch({ mergingList: [{ name: 1 }] }, { mergingList: [{ value: 1 }] }, testSchema);
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(isMinatoError(err, 'InvalidArgument'));
  }
});
