// Properties over random input (fast-check): valid merge patches always apply, nothing ever
// changes its input, and garbage only ever produces client errors (MinatoErrors below 500),
// never a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MinatoError } from '../../../util/errors.ts';
import type { KubeObject } from '../resource-type.ts';
import { applyPatch } from './index.ts';
import { applyJsonPatch } from './json-patch.ts';
import { type JsonObject, type JsonValue, deepEqual, isObject } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';
import { FieldSet } from './ssa/field-set.ts';
import { fieldsOf } from './ssa/object-fields.ts';
import { applyServerSide } from './ssa/server-side-apply.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { deploymentSchema } from './testing/kube-schemas.ts';

// Keys that stress the implementation: prototype names, directive look-alikes, list fields of the schema.
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'name', 'image', 'containers', 'labels', 'finalizers', 'spec', 'template', 'metadata', '__proto__', 'constructor', 'toString'),
  fc.constantFrom('$patch', '$retainKeys', '$setElementOrder/containers', '$deleteFromPrimitiveList/finalizers', '$setElementOrder', '.'),
  fc.string({ maxLength: 6 }),
);
const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 8 }), fc.constantFrom('delete', 'replace', 'merge'));
const { value: jsonValue } = fc.letrec<{ value: JsonValue; object: JsonObject }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }) as fc.Arbitrary<JsonObject>,
}));
const jsonObject = fc.dictionary(key, jsonValue, { maxKeys: 6 }) as fc.Arbitrary<JsonObject>;

// Deployment-shaped objects, so the schema-driven paths (merge keys, sets, atomic maps) run.
const container = fc.record({ name: fc.constantFrom('web', 'log', 'side'), image: fc.constantFrom('a', 'b'), ports: fc.uniqueArray(fc.record({ containerPort: fc.constantFrom(80, 443) }), { selector: (p) => p.containerPort, maxLength: 2 }) }, { requiredKeys: ['name'] });
const deploymentLike = fc.record(
  {
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constant('Deployment'),
    metadata: fc.record({ name: fc.constant('web'), labels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.string({ maxLength: 3 })), finalizers: fc.uniqueArray(fc.constantFrom('x', 'y', 'z')) }, { requiredKeys: ['name'] }),
    spec: fc.record({
      replicas: fc.integer({ min: 0, max: 5 }),
      selector: fc.record({ matchLabels: fc.dictionary(fc.constantFrom('app'), fc.constantFrom('web')) }),
      template: fc.record({ spec: fc.record({ containers: fc.uniqueArray(container, { selector: (c) => c.name, maxLength: 3 }), tolerations: fc.array(fc.record({ key: fc.constantFrom('k1', 'k2') }), { maxLength: 2 }) }, { requiredKeys: [] }) }),
    }, { requiredKeys: [] }),
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
) as unknown as fc.Arbitrary<JsonObject>;

function expectClientError(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof MinatoError, `not a MinatoError: ${String(err)}`);
    assert.ok(err.httpStatus < 500, `a server error: ${err.message}`);
  }
}

test('merge patch of random objects never throws, is idempotent and changes no input', () => {
  fc.assert(
    fc.property(jsonObject, jsonObject, (target, patch) => {
      const targetCopy = structuredClone(target);
      const patchCopy = structuredClone(patch);
      const once = applyMergePatch(target, patch);
      assert.ok(deepEqual(applyMergePatch(once, patch), once));
      assert.ok(deepEqual(target, targetCopy) && deepEqual(patch, patchCopy));
    }),
    { numRuns: 500 },
  );
});

const pointer = fc.array(fc.oneof(key, fc.constantFrom('0', '1', '-', '01', '~0', '~1')), { maxLength: 3 }).map((tokens) => tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
const operation = fc.record(
  { op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'), path: pointer, from: pointer, value: jsonValue },
  { requiredKeys: ['op'] },
);

test('JSON patch never changes its input, and fails only with client errors', () => {
  fc.assert(
    fc.property(jsonObject, fc.array(operation, { maxLength: 6 }), (doc, patch) => {
      const docCopy = structuredClone(doc);
      const patchCopy = structuredClone(patch);
      expectClientError(() => applyJsonPatch(doc, patch as unknown as JsonValue));
      assert.ok(deepEqual(doc, docCopy));
      assert.ok(deepEqual(patch as unknown as JsonValue, patchCopy as unknown as JsonValue));
    }),
    { numRuns: 500 },
  );
});

test('strategic merge patch of random input: client errors only, inputs unchanged', () => {
  fc.assert(
    fc.property(fc.oneof(deploymentLike, jsonObject), fc.oneof(deploymentLike, jsonObject), (original, patch) => {
      const originalCopy = structuredClone(original);
      const patchCopy = structuredClone(patch);
      expectClientError(() => applyStrategicMergePatch(original, patch, deploymentSchema));
      expectClientError(() => applyStrategicMergePatch(original, patch, undefined));
      assert.ok(deepEqual(original, originalCopy) && deepEqual(patch, patchCopy));
    }),
    { numRuns: 400 },
  );
});

test('server-side apply: random configurations never crash, and applying twice is applying once', () => {
  fc.assert(
    fc.property(deploymentLike, deploymentLike, (first, second) => {
      const now = '2025-01-01T00:00:00Z';
      const run = (live: KubeObject | undefined, applied: JsonObject, manager: string) =>
        applyServerSide({ live, applied, manager, force: false, schema: deploymentSchema, now, apiVersion: 'apps/v1' });
      let created: KubeObject;
      try {
        created = run(undefined, first, 'one').object;
      } catch (err) {
        assert.ok(err instanceof MinatoError && err.httpStatus < 500, String(err));
        return;
      }
      created.metadata = { ...created.metadata, uid: 'u' };
      let once;
      try {
        once = run(created, second, 'two');
      } catch (err) {
        assert.ok(err instanceof MinatoError && err.httpStatus < 500, String(err));
        return;
      }
      // An object nobody owns a field of stays untracked, and the next apply starts tracking it
      // (before-first-apply), as in Kubernetes; idempotence holds for tracked objects.
      if (once.conflicts || !once.object.metadata?.managedFields) return;
      const twice = run(once.object, second, 'two');
      assert.equal(twice.conflicts, undefined);
      assert.deepEqual(twice.object, once.object);
    }),
    { numRuns: 300 },
  );
});

test('FieldsV1 round-trips', () => {
  fc.assert(
    fc.property(fc.oneof(deploymentLike, jsonObject), (object) => {
      const fields = fieldsOf(object, deploymentSchema);
      const encoded = fields.toFieldsV1();
      const decoded = FieldSet.fromFieldsV1(JSON.parse(JSON.stringify(encoded)));
      assert.deepEqual(decoded.toFieldsV1(), encoded);
      assert.ok(decoded.difference(fields).isEmpty() && fields.difference(decoded).isEmpty());
    }),
    { numRuns: 300 },
  );
});

const contentTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 40 }),
  fc.array(operation, { maxLength: 4 }).map((ops) => JSON.stringify(ops)),
  deploymentLike.map((value) => JSON.stringify(value)),
);

test('random garbage patches give only client-error MinatoErrors', () => {
  fc.assert(
    fc.property(fc.constantFrom(...contentTypes), fc.oneof(deploymentLike, jsonObject), garbage, fc.boolean(), (type, original, body, force) => {
      const originalCopy = structuredClone(original);
      try {
        const result = applyPatch(type, original, body, { schema: deploymentSchema, manager: 'm', force, now: '2025-01-01T00:00:00Z', apiVersion: 'apps/v1' });
        assert.ok(isObject(result.object));
      } catch (err) {
        assert.ok(err instanceof MinatoError, `not a MinatoError: ${String(err)}`);
        assert.ok(err.httpStatus < 500, `a server error for ${type} ${String(body)}: ${err.message}`);
      }
      assert.ok(deepEqual(original, originalCopy));
    }),
    { numRuns: 1000 },
  );
});
