import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isMinatoError } from '../../util/errors.ts';
import { ApiError, isAlreadyExists, isConflict, isGone, isInvalid, isNotFound, statusFromHttp } from './api-error.ts';

const status = (code: number, reason?: string) => new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, ...(reason ? { reason } : {}), message: `m ${code}` });

describe('ApiError', () => {
  test("predicates follow client-go: a known reason decides, else the code", () => {
    assert.ok(isConflict(status(409, 'Conflict')) && !isAlreadyExists(status(409, 'Conflict')));
    assert.ok(isAlreadyExists(status(409, 'AlreadyExists')) && !isConflict(status(409, 'AlreadyExists')));
    assert.ok(isConflict(status(409)), 'no reason: the code');
    assert.ok(isNotFound(status(404, 'NotFound')) && isNotFound(status(404, 'SomethingNew')));
    assert.ok(!isNotFound(status(404, 'Conflict')), 'a known reason wins over the code');
    assert.ok(isGone(status(410, 'Expired')) && isGone(status(410, 'Gone')) && !isGone(status(409)));
    assert.ok(isInvalid(status(422, 'Invalid')));
    assert.ok(!isNotFound(new Error('404')), 'only ApiErrors');
  });

  test('an ApiError is a MinatoError of the matching kind with the Status kept', () => {
    const err = status(404, 'NotFound');
    assert.ok(isMinatoError(err, 'NotFound'));
    assert.equal(err.httpStatus, 404);
    assert.equal(err.message, 'm 404');
    assert.equal(status(500).kind, 'Internal');
    assert.equal(new ApiError({ code: 503 }, { method: 'GET', path: '/x' }).message, 'GET /x: the server answered 503');
  });

  test('a Status for answers that carried none', () => {
    assert.deepEqual(statusFromHttp(502, '<html>bad gateway</html>'), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 502, reason: 'InternalError', message: '<html>bad gateway</html>' });
    assert.equal(statusFromHttp(429, '').message, 'the server answered 429 TooManyRequests');
  });
});
