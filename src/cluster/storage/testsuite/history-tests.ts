// History across store objects and time: compaction (Gone), a second store object on the same
// data (another server), and a store reopened after a restart that watches from an old revision.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMinatoError } from '../../../util/errors.ts';
import type { SuiteContext } from './conformance.ts';
import { assertRejects, bytes, plain, sleep, text } from './assertions.ts';
import { WatchRecorder } from './watch-recorder.ts';
import { assertOrdered } from './watch-tests.ts';

export function defineHistoryTests({ options, withStore }: SuiteContext): void {
  const quietMs = Math.max(300, options.siblingDelayMs * 2);

  test('compaction: reads and watches below the compacted revision are Gone; current values stay', withStore(async ({ storage }) => {
    const start = await storage.currentRevision();
    const a1 = await storage.create('h/a', bytes('a1'));
    await storage.create('h/b', bytes('b1'));
    await storage.update('h/a', bytes('a2'));
    await storage.delete('h/b');
    const c1 = await storage.create('h/c', bytes('c1'));
    const a3 = await storage.update('h/a', bytes('a3'));
    const compactAt = c1.modRevision;
    await storage.compact(compactAt);
    assert.equal(await storage.compactedRevision(), compactAt);

    // Current values are untouched.
    assert.deepEqual((await storage.list('h/')).items.map((kv) => [kv.key, text(kv.value)]), [['h/a', 'a3'], ['h/c', 'c1']]);
    assert.deepEqual(plain(await storage.get('h/a')), plain(a3));
    assert.equal(await storage.count('h/'), 2);

    // Below the compacted revision: Gone, for lists and for watches.
    await assertRejects(storage.list('h/', { revision: a1.modRevision }), 'Gone');
    await assertRejects(storage.list('h/', { revision: compactAt - 1, limit: 1 }), 'Gone');
    const gone = new WatchRecorder();
    storage.watch('h/', start, gone);
    await gone.waitForClose();
    assert.ok(isMinatoError(gone.closeError, 'Gone'), `expected Gone, got ${gone.closeError?.message}`);
    assert.equal(gone.events.length, 0);

    // At the compacted revision: still readable, and a watch from it sees what followed.
    assert.deepEqual((await storage.list('h/', { revision: compactAt })).items.map((kv) => [kv.key, text(kv.value)]), [['h/a', 'a2'], ['h/c', 'c1']]);
    const fromCompacted = new WatchRecorder();
    const watch = storage.watch('h/', compactAt, fromCompacted);
    try {
      await fromCompacted.waitForEvents(1);
      const del = await storage.delete('h/c');
      await fromCompacted.waitForEvents(2);
      await sleep(quietMs);
      assert.deepEqual(fromCompacted.summary(), [`put h/a@${a3.modRevision}`, `delete h/c@${del.modRevision}`]);
      assert.equal(text(fromCompacted.events[0]!.prev!.value), 'a2');
      assert.equal(text(fromCompacted.events[1]!.kv.value), 'c1');
    } finally {
      watch.cancel();
    }

    // Compacting again at or below the compacted revision changes nothing.
    await storage.compact(compactAt - 1);
    assert.equal(await storage.compactedRevision(), compactAt);
    await assertRejects(storage.compact((await storage.currentRevision()) + 1000), 'InvalidArgument');
    assert.equal(await storage.compactedRevision(), compactAt);
  }));

  test('a watch from just below the compacted revision is Gone: a deletion at that revision is no longer in the history', withStore(async ({ storage }) => {
    await storage.create('edge/k', bytes('1'));
    const deleted = await storage.delete('edge/k');
    const after = await storage.create('edge/z', bytes('z'));
    await storage.compact(deleted.modRevision);
    const justBelow = new WatchRecorder();
    storage.watch('edge/', deleted.modRevision - 1, justBelow);
    await justBelow.waitForClose();
    assert.ok(isMinatoError(justBelow.closeError, 'Gone'), `expected Gone, got ${justBelow.describe()}`);
    const at = new WatchRecorder();
    const watch = storage.watch('edge/', deleted.modRevision, at);
    try {
      await at.waitForEvents(1);
      await sleep(quietMs);
      assert.deepEqual(at.summary(), [`put edge/z@${after.modRevision}`]);
    } finally {
      watch.cancel();
    }
  }));

  test('a fresh store has nothing compacted that it needs: a watch from its start replays every write', withStore(async ({ storage }) => {
    const start = await storage.currentRevision();
    assert.ok((await storage.compactedRevision()) <= start);
    const writes = [];
    for (let i = 0; i < 700; i++) writes.push(await storage.create(`replay/${String(i).padStart(3, '0')}`, bytes(`${i}`)));
    const recorder = new WatchRecorder();
    const watch = storage.watch('replay/', start, recorder);
    try {
      await recorder.waitForEvents(writes.length, 20_000);
      await sleep(quietMs);
      assert.deepEqual(recorder.summary(), writes.map((kv) => `put ${kv.key}@${kv.modRevision}`));
    } finally {
      watch.cancel();
    }
  }));

  test('a watch sees writes made through another store object on the same data', withStore(async ({ storage, openSibling }) => {
    const sibling = await openSibling();
    const recorder = new WatchRecorder();
    const start = await storage.currentRevision();
    const watch = storage.watch('s/', start, recorder);
    try {
      const created = await sibling.create('s/1', bytes('from the sibling'));
      const updated = await sibling.update('s/1', bytes('again'), created.modRevision);
      await recorder.waitForEvents(2, options.siblingDelayMs + 5000);
      assert.deepEqual(recorder.summary(), [`put s/1@${created.modRevision}`, `put s/1@${updated.modRevision}`]);
      assert.equal(text(recorder.events[1]!.prev!.value), 'from the sibling');
      // Both see one store: the sibling's write is readable here, and the other way round.
      assert.equal(text((await storage.get('s/1'))!.value), 'again');
      const mine = await storage.create('s/2', bytes('mine'));
      assert.deepEqual(plain(await sibling.get('s/2')), plain(mine));
      await recorder.waitForEvents(3);
      assertOrdered(recorder.events);
    } finally {
      watch.cancel();
      await sibling.close();
    }
  }));

  test('after a restart, a store reopened on the same data watches from an old revision', withStore(async ({ storage, openSibling }) => {
    await storage.create('restart/a', bytes('a1'));
    const resourceVersion = await storage.currentRevision();
    const a2 = await storage.update('restart/a', bytes('a2'));
    const b1 = await storage.create('restart/b', bytes('b1'));
    const aDeleted = await storage.delete('restart/a');
    await storage.close();

    const reopened = await openSibling();
    const recorder = new WatchRecorder();
    const watch = reopened.watch('restart/', resourceVersion, recorder);
    try {
      await recorder.waitForEvents(3);
      const b2 = await reopened.update('restart/b', bytes('b2'), b1.modRevision);
      await recorder.waitForEvents(4);
      await sleep(quietMs);
      assert.deepEqual(recorder.summary(), [
        `put restart/a@${a2.modRevision}`, `put restart/b@${b1.modRevision}`, `delete restart/a@${aDeleted.modRevision}`, `put restart/b@${b2.modRevision}`,
      ]);
      assert.equal(text(recorder.events[0]!.prev!.value), 'a1');
      assert.ok((await reopened.currentRevision()) >= b2.modRevision);
    } finally {
      watch.cancel();
      await reopened.close();
    }
  }));
}
