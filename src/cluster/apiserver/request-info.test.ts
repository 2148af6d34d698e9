import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestInfo } from './request-info.ts';

const info = (method: string, url: string) => {
  const parsed = new URL(url, 'https://server');
  return parseRequestInfo(method, parsed.pathname, parsed.searchParams);
};

test('core and group resources, namespaced and cluster-scoped, with the verbs kubectl uses', () => {
  assert.deepEqual(info('GET', '/api/v1/namespaces/default/pods?limit=500'), { kind: 'resource', verb: 'list', group: '', version: 'v1', namespace: 'default', resource: 'pods', path: '/api/v1/namespaces/default/pods' });
  assert.deepEqual(info('GET', '/apis/apps/v1/namespaces/ns1/deployments/web'), { kind: 'resource', verb: 'get', group: 'apps', version: 'v1', namespace: 'ns1', resource: 'deployments', name: 'web', path: '/apis/apps/v1/namespaces/ns1/deployments/web' });
  assert.equal((info('GET', '/api/v1/pods') as { verb: string }).verb, 'list');
  assert.equal((info('GET', '/api/v1/namespaces/default/pods?watch=true&resourceVersion=5') as { verb: string }).verb, 'watch');
  assert.equal((info('GET', '/api/v1/watch/namespaces/default/pods') as { verb: string }).verb, 'watch');
  assert.equal((info('POST', '/api/v1/namespaces/default/secrets') as { verb: string }).verb, 'create');
  assert.equal((info('PUT', '/api/v1/namespaces/default/secrets/s') as { verb: string }).verb, 'update');
  assert.equal((info('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale') as { subresource: string }).subresource, 'scale');
  assert.equal((info('DELETE', '/api/v1/namespaces/default/pods') as { verb: string }).verb, 'deletecollection');
  assert.equal((info('DELETE', '/api/v1/namespaces/default/pods/p') as { verb: string }).verb, 'delete');
});

test('a namespace itself, its status and finalize subresources (its namespace attribute is itself, as in Kubernetes)', () => {
  assert.deepEqual(info('GET', '/api/v1/namespaces/team-a'), { kind: 'resource', verb: 'get', group: '', version: 'v1', namespace: 'team-a', resource: 'namespaces', name: 'team-a', path: '/api/v1/namespaces/team-a' });
  const status = info('PUT', '/api/v1/namespaces/team-a/status');
  assert.deepEqual(status, { kind: 'resource', verb: 'update', group: '', version: 'v1', namespace: 'team-a', resource: 'namespaces', name: 'team-a', subresource: 'status', path: '/api/v1/namespaces/team-a/status' });
  assert.equal((info('GET', '/api/v1/namespaces') as { verb: string }).verb, 'list');
});

test('discovery, version, openapi and health are non-resource requests', () => {
  for (const path of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/healthz', '/openapi/v3/apis/apps/v1']) {
    assert.equal(info('GET', path).kind, 'nonresource', path);
  }
  assert.equal(info('HEAD', '/healthz').verb, 'get');
  assert.equal(info('GET', '/api/v1/namespaces/default/pods/p/log/extra').kind, 'nonresource');
});

test('escaped names are decoded', () => {
  assert.equal((info('GET', '/api/v1/namespaces/default/configmaps/a%2Eb') as { name: string }).name, 'a.b');
});
