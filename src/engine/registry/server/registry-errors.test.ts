import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { internal, notFound } from '../../../util/errors.ts';
import { errorResponse, registryError } from './registry-errors.ts';

describe('registry error bodies', () => {
  it('carry the spec code, the usual status and the detail', () => {
    assert.deepEqual(errorResponse(registryError('BLOB_UNKNOWN', { detail: { digest: 'sha256:x' } })), {
      status: 404,
      body: { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry', detail: { digest: 'sha256:x' } }] },
    });
    assert.equal(errorResponse(registryError('MANIFEST_BLOB_UNKNOWN')).status, 400);
    assert.equal(errorResponse(registryError('UNSUPPORTED')).status, 405);
    assert.equal(errorResponse(registryError('UNAUTHORIZED')).status, 401);
    assert.equal(errorResponse(registryError('NAME_UNKNOWN')).status, 404);
  });

  it('take another status and message when the spec says so', () => {
    const response = errorResponse(registryError('BLOB_UPLOAD_INVALID', { status: 416, message: 'chunk out of order' }));
    assert.equal(response.status, 416);
    assert.deepEqual(response.body.errors[0], { code: 'BLOB_UPLOAD_INVALID', message: 'chunk out of order' });
  });

  it('are MinatoErrors with a kind that matches the status', () => {
    assert.equal(registryError('NAME_UNKNOWN').kind, 'NotFound');
    assert.equal(registryError('DIGEST_INVALID').kind, 'InvalidArgument');
    assert.equal(registryError('UNAUTHORIZED').kind, 'Unauthorized');
    assert.match(registryError('DIGEST_INVALID').message, /^DIGEST_INVALID: /);
  });

  it('say nothing of unexpected failures', () => {
    assert.deepEqual(errorResponse(new Error('EIO: /secret/path')), { status: 500, body: { errors: [{ code: 'UNKNOWN', message: 'unknown error' }] } });
    assert.equal(errorResponse(internal('boom')).status, 500);
    assert.equal(errorResponse(notFound('gone')).body.errors[0]!.code, 'NAME_UNKNOWN');
  });
});
