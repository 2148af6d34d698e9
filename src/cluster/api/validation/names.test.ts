import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPortName,
  nameIsDNSSubdomain,
} from './names.ts';

// The messages are Kubernetes' own (k8s.io/apimachinery/pkg/util/validation), as users see them
// in `kubectl apply` errors.
const subdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

test('DNS-1123 subdomains: lower case, digits, dashes and dots, at most 253 characters', () => {
  for (const good of ['web', 'my-app.example.com', '0abc', 'a'.repeat(253)]) assert.deepEqual(isDNS1123Subdomain(good), [], good);
  assert.deepEqual(isDNS1123Subdomain('My_App'), [subdomainMessage]);
  assert.deepEqual(isDNS1123Subdomain('-web'), [subdomainMessage]);
  assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
});

test('DNS-1123 labels: no dots, at most 63 characters', () => {
  assert.deepEqual(isDNS1123Label('web-1'), []);
  assert.deepEqual(isDNS1123Label('Web'), [labelMessage]);
  assert.deepEqual(isDNS1123Label('web.app'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
});

test('DNS-1035 labels must start with a letter (Service names)', () => {
  assert.deepEqual(isDNS1035Label('web'), []);
  assert.equal(isDNS1035Label('1web').length, 1);
  assert.match(isDNS1035Label('1web')[0]!, /^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
});

test('generateName may end with a dash: random characters follow', () => {
  assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
  assert.deepEqual(nameIsDNSSubdomain('web-', false), [subdomainMessage]);
});

test('qualified names: an optional DNS prefix and a name of up to 63 characters', () => {
  for (const good of ['app', 'app.kubernetes.io/name', 'example.com/My_Key.1']) assert.deepEqual(isQualifiedName(good), [], good);
  assert.deepEqual(isQualifiedName('/app'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('example.com/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.equal(isQualifiedName('a/b/c').length, 1);
  assert.match(isQualifiedName('a/b/c')[0]!, /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e.g. 'example.com\/MyName'\)$/);
  assert.deepEqual(isQualifiedName('Example.com/app'), [`prefix part ${subdomainMessage}`]);
});

test('label values: empty, or up to 63 alphanumerics with - _ . inside', () => {
  for (const good of ['', 'v1.2', 'my_value', 'A']) assert.deepEqual(isValidLabelValue(good), [], good);
  assert.deepEqual(isValidLabelValue('bad value'), [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
  assert.deepEqual(isValidLabelValue('x'.repeat(64)), ['must be no more than 63 characters']);
});

test('config keys of ConfigMaps and Secrets', () => {
  for (const good of ['app.properties', 'KEY_NAME', '.hidden']) assert.deepEqual(isConfigMapKey(good), [], good);
  assert.deepEqual(isConfigMapKey('a/b'), [
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  assert.deepEqual(isConfigMapKey('..'), ["must not be '..'"]);
});

test('port names (IANA service names)', () => {
  assert.deepEqual(isValidPortName('http'), []);
  assert.deepEqual(isValidPortName('8080'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('my--port'), ['must not contain consecutive hyphens']);
  assert.deepEqual(isValidPortName('a-very-long-port-name'), ['must be no more than 15 characters']);
});

test('path segment names (RBAC) and environment variable names', () => {
  assert.deepEqual(isValidPathSegmentName('system:controller:x'), []);
  assert.deepEqual(isValidPathSegmentName('a/b'), ["may not contain '/'"]);
  assert.deepEqual(isValidPathSegmentName('..'), ["may not be '..'"]);
  assert.deepEqual(isEnvVarName('MY_VAR.1'), []);
  assert.deepEqual(isEnvVarName('A=B'), ["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
});
