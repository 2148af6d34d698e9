import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { openAPIV3Response, type OpenAPIRequest } from './http.ts';
import { createOpenAPIV3Service } from './service.ts';

const service = createOpenAPIV3Service([
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true, subresources: {} },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, subresources: {} },
]);
const lease = service.document('apis/coordination.k8s.io/v1')!;
const get = (path: string, headers: OpenAPIRequest['headers'] = {}, hash?: string) => openAPIV3Response(service, { path, hash, headers });

test('the index: JSON with an ETag, revalidated with If-None-Match', () => {
  const index = get('/openapi/v3')!;
  assert.equal(index.status, 200);
  assert.equal(index.headers['Content-Type'], 'application/json');
  assert.equal(index.headers.ETag, `"${service.index().hash}"`);
  assert.equal(index.headers['Cache-Control'], undefined);
  assert.deepEqual(Object.keys(JSON.parse(index.body!.toString()).paths), ['api/v1', 'apis/coordination.k8s.io/v1']);
  assert.equal(get('/openapi/v3/', { 'if-none-match': index.headers.ETag })!.status, 304);
  assert.equal(get('/openapi/v3', { 'if-modified-since': index.headers['Last-Modified'] })!.status, 304);
});

test('a document by its hashed URL is immutable; a stale hash redirects to the current one', () => {
  const fresh = get('/openapi/v3/apis/coordination.k8s.io/v1', { accept: 'application/json' }, lease.hash)!;
  assert.equal(fresh.status, 200);
  assert.equal(fresh.headers['Cache-Control'], 'public, immutable');
  assert.ok(Date.parse(fresh.headers.Expires!) > Date.now() + 364 * 24 * 3600 * 1000);
  assert.equal(fresh.headers.ETag, `"${lease.hash}"`);
  assert.equal(fresh.headers.Vary, 'Accept');
  assert.deepEqual(fresh.body, lease.body);

  const stale = get('/openapi/v3/apis/coordination.k8s.io/v1', {}, 'ABC')!;
  assert.equal(stale.status, 301);
  assert.equal(stale.headers.Location, `/openapi/v3/apis/coordination.k8s.io/v1?hash=${lease.hash}`);

  const unhashed = get('/openapi/v3/apis/coordination.k8s.io/v1')!;
  assert.equal(unhashed.status, 200);
  assert.equal(unhashed.headers['Cache-Control'], undefined);
  assert.equal(get('/openapi/v3/apis/coordination.k8s.io/v1', { 'if-none-match': `"${lease.hash}"` })!.status, 304);
});

test('gzip when asked, 406 for no JSON, 404 for an unknown group-version, undefined outside /openapi/v3', () => {
  const zipped = get('/openapi/v3/api/v1', { 'accept-encoding': 'gzip' })!;
  assert.equal(zipped.headers['Content-Encoding'], 'gzip');
  assert.equal(zipped.headers.Vary, 'Accept, Accept-Encoding');
  assert.deepEqual(gunzipSync(zipped.body!), service.document('api/v1')!.body);
  assert.equal(get('/openapi/v3/api/v1', { 'accept-encoding': 'gzip;q=0' })!.headers['Content-Encoding'], undefined);
  assert.equal(get('/openapi/v3/api/v1', { accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' })!.status, 406);
  assert.equal(get('/openapi/v3/api/v1', { accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf, application/json' })!.status, 200);
  assert.equal(get('/openapi/v3/apis/apps/v1')!.status, 404);
  assert.equal(get('/openapi/v2'), undefined);
});
