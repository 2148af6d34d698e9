// docker rmi's decision table (moby daemon/images/image_delete.go), case by case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../util/errors.ts';
import { type DeleteRequest, isSingleReference, planImageDelete } from './image-delete.ts';

const id = `sha256:${'ab12cd34ef56'.repeat(5)}abcd`;
const busybox = 'docker.io/library/busybox:latest';
const busyboxOld = 'docker.io/library/busybox:old';
const mirror = 'example.com/mirror/busybox:latest';
const busyboxDigest = `docker.io/library/busybox@sha256:${'1'.repeat(64)}`;
const stopped = { id: 'c0ffee'.repeat(10) + 'abcd', running: false };
const running = { id: 'beef00'.repeat(10) + 'abcd', running: true };

const request = (overrides: Partial<DeleteRequest>): DeleteRequest => ({ imageId: id, tags: [busybox], repoDigests: [], input: 'busybox', reference: busybox, users: [], force: false, ...overrides });
const conflictMessage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(isMinatoError(err, 'Conflict'), String(err));
    return err.message;
  }
  assert.fail('expected a conflict');
};

test('isSingleReference: one tag (with digests of its repository) is single; two tags or two repositories are not', () => {
  assert.equal(isSingleReference([busybox], []), true);
  assert.equal(isSingleReference([busybox], [busyboxDigest]), true);
  assert.equal(isSingleReference([], [busyboxDigest]), true);
  assert.equal(isSingleReference([busybox, busyboxOld], []), false);
  assert.equal(isSingleReference([busybox, mirror], []), false);
  assert.equal(isSingleReference([mirror], [busyboxDigest]), false);
  assert.equal(isSingleReference([], []), false);
});

test('by name: the last tag goes with the image; one of several only untags', () => {
  assert.deepEqual(planImageDelete(request({})), { untag: [busybox], deleteImage: true });
  assert.deepEqual(planImageDelete(request({ tags: [busybox, mirror] })), { untag: [busybox], deleteImage: false });
});

test('by name: removing the last tag of a repository takes its digest references along', () => {
  assert.deepEqual(planImageDelete(request({ repoDigests: [busyboxDigest] })), { untag: [busybox, busyboxDigest], deleteImage: true });
  assert.deepEqual(planImageDelete(request({ tags: [busybox, busyboxOld], repoDigests: [busyboxDigest] })), { untag: [busybox], deleteImage: false });
});

test('by name: a container using the image needs --force; forced, a stopped user lets it go, a running one keeps it dangling', () => {
  assert.equal(
    conflictMessage(() => planImageDelete(request({ users: [stopped] }))),
    `conflict: unable to remove repository reference "busybox" (must force) - container ${stopped.id.slice(0, 12)} is using its referenced image ${id.slice(7, 19)}`,
  );
  assert.deepEqual(planImageDelete(request({ users: [stopped], force: true })), { untag: [busybox], deleteImage: true });
  assert.deepEqual(planImageDelete(request({ users: [running], force: true })), { untag: [busybox], deleteImage: false });
  // Not the only reference: the tag goes without --force, the image stays.
  assert.deepEqual(planImageDelete(request({ tags: [busybox, mirror], users: [running] })), { untag: [busybox], deleteImage: false });
});

test('by ID: several references need --force, which removes them all', () => {
  const byId = { input: id.slice(7, 19), reference: undefined };
  assert.equal(
    conflictMessage(() => planImageDelete(request({ ...byId, tags: [mirror, busybox] }))),
    `conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`,
  );
  assert.deepEqual(planImageDelete(request({ ...byId, tags: [mirror, busybox], repoDigests: [busyboxDigest], force: true })), { untag: [busybox, mirror, busyboxDigest], deleteImage: true });
  assert.deepEqual(planImageDelete(request({ ...byId, tags: [] })), { untag: [], deleteImage: true });
});

test('by ID: a running container blocks even --force; a stopped one only without it', () => {
  const byId = { input: id, reference: undefined };
  assert.equal(
    conflictMessage(() => planImageDelete(request({ ...byId, users: [stopped, running], force: true }))),
    `conflict: unable to delete ${id.slice(7, 19)} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`,
  );
  assert.equal(
    conflictMessage(() => planImageDelete(request({ ...byId, users: [stopped] }))),
    `conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is being used by stopped container ${stopped.id.slice(0, 12)}`,
  );
  assert.equal(conflictMessage(() => planImageDelete(request({ ...byId, tags: [], users: [stopped] }))), `conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is being used by stopped container ${stopped.id.slice(0, 12)}`);
  assert.deepEqual(planImageDelete(request({ ...byId, users: [stopped], force: true })), { untag: [busybox], deleteImage: true });
});
