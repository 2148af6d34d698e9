// Watches: replay from a revision then live events, prev values, prefixes, cancel, close.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WatchEvent } from '../storage.ts';
import type { SuiteContext } from './conformance.ts';
import { bytes, sleep, text } from './assertions.ts';
import { WatchRecorder } from './watch-recorder.ts';

/** Events in strictly increasing revision order: none repeated, none out of order. */
export function assertOrdered(events: WatchEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    assert.ok(events[i]!.kv.modRevision > events[i - 1]!.kv.modRevision, `event ${i} (revision ${events[i]!.kv.modRevision}) after revision ${events[i - 1]!.kv.modRevision}`);
  }
}

export function defineWatchTests({ options, withStore }: SuiteContext): void {
  // How long to wait to be confident that nothing more arrives.
  const quietMs = Math.max(300, options.siblingDelayMs * 2);

  test('watch from a revision replays the log, then delivers live events, with prev values', withStore(async ({ storage }) => {
    const start = await storage.currentRevision();
    const a1 = await storage.create('w/a', bytes('a1'));
    const a2 = await storage.update('w/a', bytes('a2'));
    const b1 = await storage.create('w/b', bytes('b1'));
    const aDeleted = await storage.delete('w/a');
    await storage.create('other/x', bytes('not watched'));

    const recorder = new WatchRecorder();
    const watch = storage.watch('w/', start, recorder);
    try {
      await recorder.waitForEvents(4);
      const b2 = await storage.update('w/b', bytes('b2'));
      const a3 = await storage.create('w/a', bytes('a3'));
      await recorder.waitForEvents(6);
      await sleep(quietMs);
      assert.deepEqual(recorder.summary(), [
        `put w/a@${a1.modRevision}`, `put w/a@${a2.modRevision}`, `put w/b@${b1.modRevision}`,
        `delete w/a@${aDeleted.modRevision}`, `put w/b@${b2.modRevision}`, `put w/a@${a3.modRevision}`,
      ]);
      assertOrdered(recorder.events);
      const [create, update, , del, , recreate] = recorder.events;
      assert.equal(text(create!.kv.value), 'a1');
      assert.equal(create!.kv.createRevision, a1.modRevision);
      assert.equal(create!.prev, undefined, 'a create has no prev');
      assert.equal(text(update!.kv.value), 'a2');
      assert.equal(update!.kv.createRevision, a1.createRevision);
      assert.equal(text(update!.prev!.value), 'a1');
      assert.equal(update!.prev!.modRevision, a1.modRevision);
      assert.equal(update!.prev!.createRevision, a1.createRevision);
      assert.equal(del!.type, 'delete');
      assert.equal(text(del!.kv.value), 'a2', 'a delete carries the value the key had');
      assert.equal(del!.kv.createRevision, a1.createRevision);
      assert.equal(text(del!.prev!.value), 'a2');
      assert.equal(del!.prev!.modRevision, a2.modRevision);
      assert.equal(recreate!.kv.createRevision, a3.modRevision);
      assert.equal(recreate!.prev, undefined, 'a key created again after a delete has no prev');
      assert.equal(recorder.closed, false);
    } finally {
      watch.cancel();
    }
  }));

  test('watch from the current revision sees only new events', withStore(async ({ storage }) => {
    await storage.create('n/old', bytes('old'));
    await storage.update('n/old', bytes('older'));
    const recorder = new WatchRecorder();
    const watch = storage.watch('n/', await storage.currentRevision(), recorder);
    try {
      await sleep(50);
      const created = await storage.create('n/new', bytes('new'));
      await recorder.waitForEvents(1);
      await sleep(quietMs);
      assert.deepEqual(recorder.summary(), [`put n/new@${created.modRevision}`]);
    } finally {
      watch.cancel();
    }
  }));

  test('watch from a revision not reached yet delivers only the events after it', withStore(async ({ storage }) => {
    const after = (await storage.currentRevision()) + 2;
    const recorder = new WatchRecorder();
    const watch = storage.watch('f/', after, recorder);
    try {
      const writes = [];
      for (let i = 1; i <= 4; i++) writes.push(await storage.create(`f/${i}`, bytes(`${i}`)));
      const expected = writes.filter((kv) => kv.modRevision > after).map((kv) => `put ${kv.key}@${kv.modRevision}`);
      if (options.consecutiveRevisions) assert.equal(expected.length, 2);
      await recorder.waitForEvents(expected.length);
      await sleep(quietMs);
      assert.deepEqual(recorder.summary(), expected);
    } finally {
      watch.cancel();
    }
  }));

  test('several watchers with different prefixes each get their own events', withStore(async ({ storage }) => {
    const start = await storage.currentRevision();
    const pods = new WatchRecorder();
    const services = new WatchRecorder();
    const everything = new WatchRecorder();
    const watches = [storage.watch('/pods/', start, pods), storage.watch('/services/', start, services), storage.watch('', start, everything)];
    try {
      const writes = [];
      for (let i = 0; i < 20; i++) writes.push(await storage.create(`/${i % 2 ? 'pods' : 'services'}/item-${i}`, bytes(`${i}`)));
      await storage.create('/nodes/n1', bytes('node'));
      await pods.waitForEvents(10);
      await services.waitForEvents(10);
      await everything.waitForEvents(21);
      await sleep(quietMs);
      assert.deepEqual(pods.summary(), writes.filter((kv) => kv.key.startsWith('/pods/')).map((kv) => `put ${kv.key}@${kv.modRevision}`));
      assert.deepEqual(services.summary(), writes.filter((kv) => kv.key.startsWith('/services/')).map((kv) => `put ${kv.key}@${kv.modRevision}`));
      assert.equal(everything.events.length, 21);
      assertOrdered(everything.events);
    } finally {
      for (const watch of watches) watch.cancel();
    }
  }));

  test('cancel ends the watch: onClose without an error, no events after', withStore(async ({ storage }) => {
    const recorder = new WatchRecorder();
    const watch = storage.watch('c/', await storage.currentRevision(), recorder);
    await storage.create('c/1', bytes('1'));
    await recorder.waitForEvents(1);
    watch.cancel();
    await recorder.waitForClose();
    assert.equal(recorder.closeError, undefined);
    await storage.create('c/2', bytes('2'));
    await sleep(quietMs);
    assert.equal(recorder.events.length, 1, 'no events after cancel');
    watch.cancel();
    assert.equal(recorder.closeCount, 1, 'onClose runs once');
  }));

  test('close() ends every watch without an error', withStore(async ({ storage }) => {
    const first = new WatchRecorder();
    const second = new WatchRecorder();
    const revision = await storage.currentRevision();
    storage.watch('x/', revision, first);
    storage.watch('', revision, second);
    await storage.create('x/1', bytes('1'));
    await first.waitForEvents(1);
    await storage.close();
    await first.waitForClose();
    await second.waitForClose();
    assert.equal(first.closeError, undefined);
    assert.equal(second.closeError, undefined);
    assert.equal(first.closeCount, 1);
  }));

  test('a batch of many writes arrives complete and in order', withStore(async ({ storage }) => {
    const start = await storage.currentRevision();
    const recorder = new WatchRecorder();
    const watch = storage.watch('many/', start, recorder);
    try {
      const writes = await Promise.all(Array.from({ length: 1200 }, (_, i) => storage.create(`many/${String(i).padStart(4, '0')}`, bytes(`${i}`))));
      await recorder.waitForEvents(writes.length, 20_000);
      await sleep(quietMs);
      assert.equal(recorder.events.length, writes.length);
      assertOrdered(recorder.events);
      assert.deepEqual(new Set(recorder.events.map((event) => event.kv.key)), new Set(writes.map((kv) => kv.key)));
    } finally {
      watch.cancel();
    }
  }));
}
