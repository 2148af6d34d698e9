import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectivePullPolicy, imageTag, pullDecision } from './image-policy.ts';

test('the default pull policy: Always for :latest or no tag, IfNotPresent for a tag or a digest', () => {
  assert.equal(effectivePullPolicy('busybox'), 'Always');
  assert.equal(effectivePullPolicy('busybox:latest'), 'Always');
  assert.equal(effectivePullPolicy('localhost:5000/busybox'), 'Always');
  assert.equal(effectivePullPolicy('localhost:5000/busybox:1.36'), 'IfNotPresent');
  assert.equal(effectivePullPolicy('busybox@sha256:abcd'), 'IfNotPresent');
  assert.equal(effectivePullPolicy('busybox', 'Never'), 'Never');
  assert.equal(effectivePullPolicy('busybox:1', 'Always'), 'Always');
  assert.equal(imageTag('registry:5000/a/b'), undefined);
  assert.equal(imageTag('registry:5000/a/b:v2'), 'v2');
});

test('pull decisions', () => {
  assert.equal(pullDecision('Always', true), 'pull');
  assert.equal(pullDecision('IfNotPresent', true), 'use-present');
  assert.equal(pullDecision('IfNotPresent', false), 'pull');
  assert.equal(pullDecision('Never', true), 'use-present');
  assert.equal(pullDecision('Never', false), 'never-pull-missing');
});
