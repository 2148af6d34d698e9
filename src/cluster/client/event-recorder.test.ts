import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { silentLogger } from '../../util/log.ts';
import { FakeClock } from './clock.ts';
import type { ResourceClient } from './resource-client.ts';
import { EventRecorder, referenceTo } from './event-recorder.ts';
import { resources } from './resources.ts';

interface Write {
  verb: 'create' | 'patch';
  namespace: string | undefined;
  name: string;
  body: unknown;
}

/** A stand-in for the events client: records writes; each resolves when release() is called (or at once). */
function fakeEvents(options: { hold?: boolean } = {}) {
  const writes: Write[] = [];
  const held: (() => void)[] = [];
  const settle = () => (options.hold ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve());
  const client = {
    async create(namespace: string | undefined, event: Event) {
      writes.push({ verb: 'create', namespace, name: event.metadata!.name!, body: event });
      await settle();
      return event;
    },
    async patch(namespace: string | undefined, name: string, _type: string, body: unknown) {
      writes.push({ verb: 'patch', namespace, name, body });
      await settle();
      return {} as Event;
    },
  };
  return { client: client as unknown as ResourceClient<Event>, writes, release: () => held.splice(0).forEach((resolve) => resolve()) };
}

const pod: Pod = { metadata: { name: 'web-1', namespace: 'shop', uid: 'uid-1', resourceVersion: '42' } };
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('EventRecorder', () => {
  test('writes a core/v1 Event like kube-scheduler’s', async () => {
    const { client, writes } = fakeEvents();
    const recorder = new EventRecorder({ events: client, component: 'default-scheduler', log: silentLogger(), clock: new FakeClock(), wallClock: () => Date.parse('2025-03-04T05:06:07.891Z') });
    recorder.record(referenceTo(resources.pods, pod), 'Normal', 'Scheduled', 'Binding', 'Successfully assigned shop/web-1 to node-1');
    await flush();
    assert.equal(writes.length, 1);
    const event = writes[0]!.body as Event;
    assert.equal(writes[0]!.namespace, 'shop');
    assert.match(event.metadata!.name!, /^web-1\.[0-9a-f]+$/);
    assert.deepEqual(event.involvedObject, { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'uid-1', resourceVersion: '42' });
    assert.equal(event.type, 'Normal');
    assert.equal(event.reason, 'Scheduled');
    assert.equal(event.action, 'Binding');
    assert.equal(event.reportingComponent, 'default-scheduler');
    assert.match(event.reportingInstance!, /^default-scheduler-/);
    assert.equal(event.source?.component, 'default-scheduler');
    assert.equal(event.eventTime, '2025-03-04T05:06:07.891000Z');
    assert.equal(event.firstTimestamp, '2025-03-04T05:06:07Z');
    assert.equal(event.count, 1);
    assert.equal(recorder.counts.created, 1);
    assert.ok(recorder.idle);
  });

  test('the same event again is counted, and the count patched at most once per interval', async () => {
    const clock = new FakeClock();
    const { client, writes } = fakeEvents();
    const recorder = new EventRecorder({ events: client, component: 'default-scheduler', log: silentLogger(), clock, repeatIntervalMs: 30_000 });
    const record = () => recorder.record(referenceTo(resources.pods, pod), 'Warning', 'FailedScheduling', 'Scheduling', '0/3 nodes are available: 3 Insufficient memory.');
    record();
    await flush();
    clock.advance(1000);
    record();
    record();
    await flush();
    assert.deepEqual(writes.map((w) => w.verb), ['create']); // the patch waits for the interval
    clock.advance(29_000);
    await flush();
    assert.deepEqual(writes.map((w) => w.verb), ['create', 'patch']);
    assert.equal(writes[1]!.name, writes[0]!.name);
    assert.deepEqual((writes[1]!.body as { count: number }).count, 3);
    assert.equal((writes[1]!.body as { series: { count: number } }).series.count, 3);
    clock.advance(60_000);
    await flush();
    assert.equal(writes.length, 2); // nothing new to say

    // A different message is a different event.
    recorder.record(referenceTo(resources.pods, pod), 'Warning', 'FailedScheduling', 'Scheduling', '0/4 nodes are available: 4 Insufficient memory.');
    await flush();
    assert.deepEqual(writes.map((w) => w.verb), ['create', 'patch', 'create']);
    // After the series window (6 min) without a repeat, the same message starts a new Event.
    clock.advance(7 * 60_000);
    record();
    await flush();
    assert.deepEqual(writes.map((w) => w.verb), ['create', 'patch', 'create', 'create']);
    await recorder.close();
  });

  test('at most maxQueued events wait; more are dropped, not piled up', async () => {
    const { client, writes, release } = fakeEvents({ hold: true });
    const recorder = new EventRecorder({ events: client, component: 'default-scheduler', log: silentLogger(), clock: new FakeClock(), maxQueued: 3, concurrency: 1 });
    for (let i = 0; i < 10; i++) recorder.record(referenceTo(resources.pods, { metadata: { ...pod.metadata, name: `p${i}`, uid: `u${i}` } }), 'Normal', 'Scheduled', 'Binding', `m${i}`);
    assert.equal(recorder.counts.dropped, 6); // 1 being written, 3 waiting
    while (!recorder.idle) {
      release();
      await flush();
    }
    assert.deepEqual(writes.map((w) => (w.body as Event).message), ['m0', 'm1', 'm2', 'm3']);
    assert.equal(recorder.counts.created, 4);
  });

});
