import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Logger } from '../../util/log.ts';
import { controlPlaneSettings, selectControllers } from './control-plane.ts';

const known = ['replicaset-controller', 'deployment-controller', 'garbage-collector-controller'];

test('--controllers: all by default or with "*", names (short or full) pick, "-name" leaves one out', () => {
  assert.deepEqual(selectControllers([], known), known);
  assert.deepEqual(selectControllers(['*'], known), known);
  assert.deepEqual(selectControllers(['garbage-collector,replicaset-controller'], known), ['replicaset-controller', 'garbage-collector-controller']);
  assert.deepEqual(selectControllers(['*', '-deployment'], known), ['replicaset-controller', 'garbage-collector-controller']);
  assert.throws(() => selectControllers(['frobnicator'], known), /invalid --controllers "frobnicator": unknown controller/);
});

test('the control plane flags: disables, node lifecycle durations and tolerations, each bad value refused with its flag', () => {
  const log = {} as Logger;
  const defaults = { controllers: [], nodeMonitorGracePeriod: '40s', defaultNotReadyTolerationSeconds: '300', defaultUnreachableTolerationSeconds: '300' };
  const settings = controlPlaneSettings({ ...defaults, disableScheduler: true, nodeMonitorGracePeriod: '1m30s' }, log);
  assert.equal(settings.controllers, true);
  assert.equal(settings.scheduler, false);
  assert.deepEqual(settings.nodeLifecycle, { nodeMonitorGracePeriodMs: 90_000, defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 });
  assert.equal(controlPlaneSettings({ ...defaults, disableControllerManager: true }, log).controllers, false);
  assert.throws(() => controlPlaneSettings({ ...defaults, nodeMonitorGracePeriod: 'soon' }, log), /invalid --node-monitor-grace-period "soon"/);
  assert.throws(() => controlPlaneSettings({ ...defaults, defaultNotReadyTolerationSeconds: '-1' }, log), /invalid --default-not-ready-toleration-seconds "-1": want a whole number of seconds/);
});
