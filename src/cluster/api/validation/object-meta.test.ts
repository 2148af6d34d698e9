import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFieldError } from '../field-error.ts';
import { nameIsDNSLabel, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const namespaced = { namespaced: true, name: nameIsDNSSubdomain };
const clusterScoped = { namespaced: false, name: nameIsDNSLabel };
const fields = (errors: { field: string; type: string }[]) => errors.map((error) => `${error.field}: ${error.type}`);

test('well-formed metadata has no errors', () => {
  const meta = {
    name: 'web-1',
    namespace: 'team-a',
    labels: { app: 'web', 'app.kubernetes.io/version': '1.2.3', empty: '' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', Note: 'anything at all, spaces included' },
    finalizers: ['example.com/cleanup', 'kubernetes'],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true }],
  };
  assert.deepEqual(validateObjectMeta(meta, namespaced), []);
});

test('the name is required and must be in the kind\'s format', () => {
  assert.deepEqual(fields(validateObjectMeta({ namespace: 'x' }, namespaced)), ['metadata.name: FieldValueRequired']);
  assert.equal(formatFieldError(validateObjectMeta({ namespace: 'x' }, namespaced)[0]!), 'metadata.name: Required value: name or generateName is required');
  const [error] = validateObjectMeta({ name: 'Web_1', namespace: 'x' }, namespaced);
  assert.equal(
    formatFieldError(error!),
    'metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
  );
  assert.deepEqual(fields(validateObjectMeta({ name: 'a.b' }, clusterScoped)), ['metadata.name: FieldValueInvalid']);
  assert.deepEqual(fields(validateObjectMeta({ name: 'x', generateName: 'Bad-' }, clusterScoped)), ['metadata.generateName: FieldValueInvalid']);
});

test('the namespace is required for namespaced kinds and forbidden for the others', () => {
  assert.deepEqual(fields(validateObjectMeta({ name: 'x' }, namespaced)), ['metadata.namespace: FieldValueRequired']);
  assert.deepEqual(fields(validateObjectMeta({ name: 'x', namespace: 'Bad' }, namespaced)), ['metadata.namespace: FieldValueInvalid']);
  assert.deepEqual(fields(validateObjectMeta({ name: 'x', namespace: 'default' }, clusterScoped)), ['metadata.namespace: FieldValueForbidden']);
});

test('labels: keys are qualified names, values short label values; errors sit on metadata.labels', () => {
  const errors = validateObjectMeta({ name: 'x', namespace: 'y', labels: { 'bad key!': 'ok', good: 'bad value' } }, namespaced);
  assert.deepEqual(fields(errors), ['metadata.labels: FieldValueInvalid', 'metadata.labels: FieldValueInvalid']);
  assert.equal(errors[0]!.value, 'bad key!');
  assert.equal(errors[1]!.value, 'bad value');
});

test('annotations: qualified keys (any case) and 256 KiB in all', () => {
  assert.deepEqual(fields(validateObjectMeta({ name: 'x', namespace: 'y', annotations: { 'a b': '1' } }, namespaced)), ['metadata.annotations: FieldValueInvalid']);
  const big = { one: 'x'.repeat(200 * 1024), two: 'y'.repeat(60 * 1024) };
  const errors = validateObjectMeta({ name: 'x', namespace: 'y', annotations: big }, namespaced);
  assert.deepEqual(fields(errors), ['metadata.annotations: FieldValueTooLong']);
  assert.equal(formatFieldError(errors[0]!), 'metadata.annotations: Too long: may not be more than 262144 bytes');
});

test('owner references need apiVersion, kind, name and uid, and one controller at most', () => {
  const errors = validateObjectMeta(
    {
      name: 'x',
      namespace: 'y',
      ownerReferences: [
        { apiVersion: '', kind: 'ReplicaSet', name: 'a', uid: 'u', controller: true },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'b', uid: '', controller: true },
      ],
    },
    namespaced,
  );
  assert.deepEqual(fields(errors), ['metadata.ownerReferences.apiVersion: FieldValueInvalid', 'metadata.ownerReferences.uid: FieldValueInvalid', 'metadata.ownerReferences: FieldValueInvalid']);
  assert.match(errors[2]!.detail!, /^Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/a and Deployment\/b$/);
});

test('finalizers are qualified names; orphan and foregroundDeletion exclude each other', () => {
  assert.deepEqual(fields(validateObjectMeta({ name: 'x', namespace: 'y', finalizers: ['not valid'] }, namespaced)), ['metadata.finalizers: FieldValueInvalid']);
  assert.deepEqual(fields(validateObjectMeta({ name: 'x', namespace: 'y', finalizers: ['orphan', 'foregroundDeletion'] }, namespaced)), ['metadata.finalizers: FieldValueInvalid']);
});

test('an update may not rename, move or re-identify an object', () => {
  const old = { name: 'x', namespace: 'y', uid: 'u1', generation: 3 };
  assert.deepEqual(validateObjectMetaUpdate({ ...old, labels: { a: 'b' } }, old), []);
  assert.deepEqual(fields(validateObjectMetaUpdate({ ...old, name: 'z' }, old)), ['metadata.name: FieldValueInvalid']);
  assert.deepEqual(fields(validateObjectMetaUpdate({ ...old, namespace: 'other' }, old)), ['metadata.namespace: FieldValueInvalid']);
  assert.deepEqual(fields(validateObjectMetaUpdate({ ...old, uid: 'u2' }, old)), ['metadata.uid: FieldValueInvalid']);
  assert.equal(validateObjectMetaUpdate({ ...old, name: 'z' }, old)[0]!.detail, 'field is immutable');
});
